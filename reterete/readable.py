"""Tables as a person reads them, for the files reterete writes.

JSON keeps the machine keys (``actor``, ``kind``, ``third_sector``) in every
language. The files a person opens (``--csv``, ``--xlsx``, the workbook, the
``--errors`` file) speak the language in force: in Italian their headings
and coded values are words (``tipo``, ``Terzo settore``), and CSV files are
written as Italian Excel opens them (:func:`csv_dialect`: ``;`` between
cells, decimal comma, numbers rounded as on screen, dates day first, UTF-8
with BOM). In English the files are as they always were: the machine keys as
headings, values as stored, ``,`` and decimal points.

- :func:`headings` and :func:`heading`: a column key's heading;
- :func:`readable`: a table with its headings and coded values in words
  (unchanged in English);
- :func:`cell_text`: one value as a CSV cell in the language in force;
- :func:`machine_keys`: the keys behind a readable table's headings, kept in
  a hidden sheet of every Italian workbook.

Examples
--------
>>> import pandas as pd
>>> from reterete.i18n import language
>>> table = pd.DataFrame({"name": ["Bar Portici"], "kind": ["business"], "degree": [0.5]})
>>> with language("it"):
...     shown = readable(table)
...     shown.columns.tolist(), shown.at[0, "tipo"]
(['nome', 'tipo', 'grado'], 'Esercizio commerciale')
>>> with language("it"):
...     cell_text(0.14623), cell_text(1234.5), cell_text(pd.Timestamp("2024-12-31"))
('0,146', '1234', '31/12/2024')
>>> with language("en"):
...     readable(table).columns.tolist()
['name', 'kind', 'degree']
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from .i18n import N_, _, format_decimal, get_language, pgettext

__all__ = ["headings", "heading", "readable", "cell_text", "column_text", "is_readable_language",
           "machine_keys", "value_words", "translate_note", "CSV_SEPARATOR"]

#: the separator of CSV files in each language (Italian Excel splits on ``;``)
CSV_SEPARATOR = {"en": ",", "it": ";"}


def is_readable_language() -> bool:
    """Whether files are rewritten for the reader (any language but English)."""
    return get_language() != "en"


def headings() -> dict[str, str]:
    """Every column key of reterete's tables -> its heading in the language in force."""
    out = {
        # actors and their measures
        "actor": pgettext("column", "actor"), "id": pgettext("column", "id"),
        "name": pgettext("column", "name"), "kind": pgettext("column", "kind"),
        "sector": pgettext("column", "sector"), "ties": pgettext("column", "ties"),
        "degree": pgettext("column", "degree"), "strength": pgettext("column", "strength"),
        "betweenness": pgettext("column", "betweenness"),
        "closeness": pgettext("column", "closeness"),
        "harmonic": pgettext("column", "harmonic"),
        "eigenvector": pgettext("column", "eigenvector"),
        "pagerank": pgettext("column", "pagerank"),
        "sites": pgettext("column", "sites"), "team": pgettext("column", "team"),
        "is_person": pgettext("column", "person"),
        "in_registry": pgettext("column", "in the registry"),
        # figures
        "key": pgettext("column", "key"), "figure": pgettext("column", "figure"),
        "value": pgettext("column", "value"),
        # antennas and whom to engage next
        "gain": pgettext("column", "newly reached"), "reaches": pgettext("column", "reaches"),
        "cost_hours": pgettext("column", "hours"), "coverage": pgettext("column", "coverage"),
        "targets": pgettext("column", "actors to reach"),
        "score": pgettext("column", "score"), "reasons": pgettext("column", "why"),
        "status": pgettext("column", "status"),
        "bridging": pgettext("column", "pairs of sectors linked"),
        "recency": pgettext("column", "recency"),
        "days_since_seen": pgettext("column", "days since last seen"),
        "days_since_team": pgettext("column", "days since last team contact"),
        "only_link": pgettext("column", "only link through"),
        "site": pgettext("column", "site"), "period": pgettext("column", "period"),
        # comparison
        "metric": pgettext("column", "measure"), "start": pgettext("column", "start"),
        "end": pgettext("column", "end"), "delta": pgettext("column", "change"),
        "ci_low": pgettext("column", "interval from"),
        "ci_high": pgettext("column", "interval to"),
        "p_value": pgettext("column", "p"),
        "p_value_all": pgettext("column", "p (every actor)"),
        "se_boot": pgettext("column", "standard error (bootstrap)"),
        "se_jackknife": pgettext("column", "standard error (jackknife)"),
        "delta_common": pgettext("column", "change among actors in both"),
        "n_start": pgettext("column", "actors at the start"),
        "n_end": pgettext("column", "actors at the end"),
        "n_common": pgettext("column", "actors in both"),
        "interval": pgettext("column", "how the interval is made"),
        "test": pgettext("column", "how the test is made"),
        "note": pgettext("column", "note"),
        # problems (--errors)
        "level": pgettext("column", "level"), "file": pgettext("column", "file"),
        "row": pgettext("column", "row"), "column": pgettext("column", "column"),
        "reason": pgettext("column", "reason"),
        # workspace log and imports
        "at": pgettext("column", "when"), "action": pgettext("column", "action"),
        "detail": pgettext("column", "detail"), "files": pgettext("column", "files"),
        "new": pgettext("column", "new"), "present": pgettext("column", "already present"),
        "left_out": pgettext("column", "left out"),
        "layout": pgettext("column", "layout"), "rows": pgettext("column", "rows"),
        # months of the export
        "months": pgettext("column", "months"),
        # communities and reach (numbered from 1, as the report and page say them)
        "community": pgettext("column", "group"),
        "participation": pgettext("column", "participation"),
        "reach2": pgettext("column", "share reached in two steps"),
        "reach_efficiency": pgettext("column", "reached in two steps per direct tie"),
        # relational surveys
        "wave": pgettext("column", "wave"), "responded": pgettext("column", "answered"),
        "named_by": pgettext("column", "named by"), "names": pgettext("column", "names"),
        "trust_received": pgettext("column", "trust received"),
        "value_received": pgettext("column", "value received"),
        "respondents": pgettext("column", "organisations that answered"),
        "respondent": pgettext("column", "respondent"),
        "actor_a": pgettext("column", "actor"), "actor_b": pgettext("column", "other actor"),
        "id_a": pgettext("column", "actor id"), "id_b": pgettext("column", "other actor id"),
        "respondent_id": pgettext("column", "respondent id"),
        "partner_id": pgettext("column", "partner id"),
        "trust": pgettext("column", "trust"), "frequency": pgettext("column", "frequency"),
        "reciprocated": pgettext("column", "named back"),
        "reported": pgettext("column", "ties reported"),
        "logged": pgettext("column", "ties logged"),
        "both": pgettext("column", "in both"),
        "jaccard": pgettext("column", "overlap (Jaccard)"),
    }
    out.update(figure_words())
    return out


def figure_words() -> dict[str, str]:
    """The network's figures (summary, timeline, comparison) in words."""
    return {
        "actors": pgettext("figure", "actors"), "ties": pgettext("figure", "ties"),
        "interactions": pgettext("figure", "interactions"),
        "density": pgettext("figure", "density"),
        "mean_degree": pgettext("figure", "mean degree"),
        "components": pgettext("figure", "components"),
        "largest_component_share": pgettext("figure", "largest component share"),
        "degree_centralization": pgettext("figure", "degree centralization"),
        "ei_index": pgettext("figure", "E-I index"),
        "isolates": pgettext("figure", "isolates"),
        "valued_density": pgettext("figure", "valued density"),
        "average_clustering": pgettext("figure", "average clustering"),
        "transitivity": pgettext("figure", "transitivity"),
        "assortativity": pgettext("figure", "assortativity"),
        "cross_sector_ties": pgettext("figure", "cross-sector ties"),
        "diameter": pgettext("figure", "diameter (steps)"),
        "average_path_length": pgettext("figure", "average path length (steps)"),
        "path_sources": pgettext("figure", "actors the path figures start from"),
        "path_exact": pgettext("figure", "path figures exact"),
        "reciprocity": pgettext("figure", "reciprocity"),
        "named_ties": pgettext("figure", "ties named"),
        "named_density": pgettext("figure", "density of named ties"),
        "trust_mean": pgettext("figure", "mean trust"),
        "value_mean": pgettext("figure", "mean value"),
    }


def heading(key: str) -> str:
    """A column key's heading in the language in force (unknown keys with spaces)."""
    return headings().get(str(key), str(key).replace("_", " "))


def kind_words() -> dict[str, str]:
    """The kinds of actor and the project's actions (kinds of contact) in words."""
    from .schema import KINDS
    from .viz.labels import labels

    names = labels()["kind_names"]
    out = {k: names.get(k, k.replace("_", " ")) for k in KINDS}
    out.update(action_words())
    return out


def _kind(value: Any) -> Any:
    return kind_words().get(value, value) if isinstance(value, str) else value


def action_words() -> dict[str, str]:
    """The project's actions (kinds of contact) in words."""
    return {"steering_board": pgettext("action", "Steering board"),
            "integrated_team": pgettext("action", "Integrated team"),
            "context_analysis": pgettext("action", "Context analysis"),
            "network_mapping": pgettext("action", "Network mapping and actions"),
            "territorial_presence": pgettext("action", "Presence in the area")}


def _mapped(table: Callable[[], dict[str, str]]) -> Callable[[Any], Any]:
    words = table()       # built once per table, not once per cell

    def word(value: Any) -> Any:
        return words.get(value, value) if isinstance(value, str) else value
    return word


def _levels() -> dict[str, str]:
    return {"error": pgettext("level", "error"), "warning": pgettext("level", "warning")}


def _statuses() -> dict[str, str]:
    return {"not engaged": pgettext("status", "not engaged"),
            "fading": pgettext("status", "fading"),
            # survey ties to look at (reterete.survey.agreement_ties)
            "reported_only": pgettext("status", "reported by partners, never logged"),
            "logged_only": pgettext("status", "logged by workers, never reported")}


def log_actions() -> dict[str, str]:
    """The actions of a workspace's log in words."""
    return {"import": pgettext("log", "import"), "alias": pgettext("log", "alias"),
            "forget": pgettext("log", "erasure"), "distinct": pgettext("log", "kept apart"),
            "registry": pgettext("log", "registry")}


def layout_words() -> dict[str, str]:
    """The layouts of a contact log in words."""
    return {"pairwise": pgettext("layout", "two actors per row"),
            "attendance": pgettext("layout", "attendance at meetings"),
            "worker": pgettext("layout", "a worker and an actor per row")}


def _methods() -> dict[str, str]:
    return {"none": pgettext("method", "none"),
            "vertex bootstrap, quadratic forms": pgettext(
                "method", "bootstrap over actors (fast formulas)"),
            "vertex bootstrap, explicit resampled graphs": pgettext(
                "method", "bootstrap over actors (resampled networks)"),
            "dyad label swaps: p_value on common actors, p_value_all on all": pgettext(
                "method", "swapping start and end labels of pairs: p on the actors in both "
                          "windows, p (every actor) on all")}


#: the notes of the comparison table, shapes of the English text read back
NOTES = (
    N_("the actors of a window are who was logged there: a count of the whole window, "
       "not an estimate, so no interval or test"),
    N_("no interval: resampling actors breaks the paths through the actors it leaves out, "
       "so the bootstrap misstates connectivity; the tests still apply"),
    N_("rough interval: resampling duplicates actors, whose copies share neighbours but "
       "are rarely tied to each other"),
    N_("no interval: resampling actors leaves some out, cutting the paths through them, "
       "and copies others, so resampled path lengths are not centred on the observed one; "
       "the tests still apply"),
    N_("{n} resamples where the metric is undefined were left out of the interval"),
    N_("no interval or test by default above {limit} actors ({n} here): it resamples whole "
       "graphs, which takes minutes; ask for this metric by name (metrics=...) to have them"),
)
_NOTE_PATTERNS: list[tuple[str, re.Pattern[str]]] = []


def _shape(msgid: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", msgid)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                    for i, p in enumerate(parts))
    return re.compile(regex + r"\Z", re.S)


def translate_note(text: Any) -> Any:
    """A comparison note (parts joined by ``"; "``) in the language in force."""
    if not isinstance(text, str) or not text:
        return text
    if not _NOTE_PATTERNS:
        _NOTE_PATTERNS.extend((m, _shape(m)) for m in NOTES)
    # a note is one or more notes joined by "; " (and a note may hold "; " itself):
    # the longest run of parts that is a known note is said as one
    parts, out, i = text.split("; "), [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            said = _say_note("; ".join(parts[i:j]))
            if said is not None:
                out.append(said)
                i = j
                break
        else:
            out.append(parts[i])
            i += 1
    return "; ".join(out)


def _say_note(part: str) -> str | None:
    for msgid, pattern in _NOTE_PATTERNS:
        match = pattern.match(part)
        if match:
            return _(msgid).format(**match.groupdict())
    return None


def value_words() -> dict[str, Callable[[Any], Any]]:
    """Columns whose values are codes -> how to say a value in words."""
    figures = _mapped(figure_words)
    kinds = _mapped(kind_words)
    return {"kind": kinds, "sector": kinds, "level": _mapped(_levels),
            "status": _mapped(_statuses), "metric": figures, "key": figures,
            "action": _mapped(log_actions), "interval": _mapped(_methods),
            "layout": _mapped(layout_words),
            "test": _mapped(_methods), "note": translate_note}


def readable(frame: Any) -> Any:
    """``frame`` with headings and coded values in the language in force.

    In English the table is returned as it is (files stay as they were). A
    named index becomes the first column(s). Values that are not codes
    (names, numbers, dates) are left as they are.
    """
    import pandas as pd

    if not is_readable_language():
        return frame
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    frame = frame.copy()
    # a column of keys beside the same thing in words: the words are enough
    # (the keys stay in JSON and in the workbook's hidden sheet of keys)
    for keys, said in (("key", "figure"), ("metric", "name")):
        if keys in frame.columns and said in frame.columns:
            frame = frame.drop(columns=[said if keys == "metric" else keys])
    keys_of = [str(c) for c in frame.columns]
    words = value_words()
    for col in frame.columns:
        say = words.get(str(col))
        if say is not None and (frame[col].dtype == object
                                or pd.api.types.is_string_dtype(frame[col])):
            frame[col] = frame[col].map(say)
    names = headings()
    frame.columns = [names.get(str(c), _column_words(str(c))) for c in frame.columns]
    frame.attrs["keys"] = keys_of
    return frame


def _column_words(name: str) -> str:
    # a column named after a code (a kind of contact in the activity table)
    said = _kind(name)
    return said if said != name else name.replace("_", " ")


def machine_keys(frame: Any) -> list[str]:
    """The keys of ``frame``'s columns (a named index first), as JSON names them;
    for a table made by :func:`readable`, the keys behind its headings."""
    import pandas as pd

    if "keys" in frame.attrs:
        return list(frame.attrs["keys"])
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    return [str(c) for c in frame.columns]


# --- one CSV cell ----------------------------------------------------------------------


def cell_text(value: Any) -> Any:
    """One value as a CSV cell says it in the language in force.

    Numbers are rounded as on screen (three decimals, none from 1,000 up) and
    written with the language's decimal mark but no thousands separator, so
    a spreadsheet reads them as numbers; dates day first (``31/12/2024``);
    booleans as words; lists joined with ``"; "``; missing values empty.
    """
    import numpy as np
    import pandas as pd

    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        text = _plain_number(format_decimal(value, 3 if abs(value) < 1000 else 0))
        return "0" if text == "-0" else text        # a tiny negative rounds to 0
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (pd.Timestamp, datetime)):
        stamp = pd.Timestamp(value)
        if stamp != stamp.normalize():
            return stamp.strftime("%d/%m/%Y %H:%M")
        return stamp.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return "; ".join(str(cell_text(v)) for v in value)
    return value


def column_text(column: Any) -> Any:
    """A whole column as CSV cells (:func:`cell_text`); a column of floats is
    rounded and written at once, without a call to Babel per cell."""
    import numpy as np
    import pandas as pd

    if not pd.api.types.is_float_dtype(column):
        return column.map(cell_text).astype(object)
    from decimal import ROUND_HALF_EVEN, Decimal

    from babel.numbers import get_decimal_symbol

    from .i18n import _babel_locale

    mark = get_decimal_symbol(_babel_locale())
    places = (Decimal(1), Decimal("0.001"))

    def text(x: float) -> str:
        # rounded as Babel rounds on screen: the shortest decimal of the float, half even
        if not math.isfinite(x):
            return ""
        d = Decimal(repr(x)).quantize(places[abs(x) < 1000], rounding=ROUND_HALF_EVEN)
        if d == d.to_integral_value():
            return str(int(d))
        return format(d, "f").rstrip("0").replace(".", mark)

    values = column.to_numpy(dtype=float, na_value=np.nan)
    return pd.Series([text(float(x)) for x in values], index=column.index, dtype=object)


def _plain_number(text: str) -> str:
    """``1.234,5`` -> ``1234,5``: no thousands separator in a file's number."""
    from babel.numbers import get_group_symbol

    from .i18n import _babel_locale

    return text.replace(get_group_symbol(_babel_locale()), "").replace("\u202f", "")
