"""Excel workbooks of reterete's tables: real numbers and dates, never formulas.

:func:`write_xlsx` writes one sheet per table with XlsxWriter: numbers as
numbers, dates as Excel dates (shown day-first), booleans as booleans, lists
joined with ``"; "``, empty cells for missing values, the header row frozen
and filtered, columns as wide as their content. Text is always written as
text: a name such as ``=HYPERLINK(...)`` or ``+39 0372 ...`` stays a string
(``strings_to_formulas``, ``strings_to_numbers`` and ``strings_to_urls`` are
off), so a spreadsheet never runs what a log contained.

:func:`project_tables` gathers the tables of a whole project (summary,
centrality, antennas and whom to engage next per site, start-versus-end
comparison, timeline, activity by kind of contact and month) for
``reterete workbook``.

References
----------
.. [1] XlsxWriter, "The Workbook Class: constructor options",
   https://xlsxwriter.readthedocs.io/workbook.html
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import InputError
from .i18n import pgettext

if TYPE_CHECKING:
    from .network import Network

__all__ = ["write_xlsx", "project_tables", "sheet_name", "DATE_FORMAT", "DATETIME_FORMAT"]

#: Number format of date cells (day-first, as Italian and British readers expect).
DATE_FORMAT = "dd/mm/yyyy"
#: Number format of date-time cells.
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

#: Number format of decimal cells in readable workbooks: the full value is
#: kept, three decimals shown (as on screen), in the reader's own separators.
NUMBER_FORMAT = "#,##0.###"

_MAX_WIDTH = 60
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def write_xlsx(tables: pd.DataFrame | Mapping[str, pd.DataFrame],
               path: str | os.PathLike[str], *, sheet: str = "Table") -> Path:
    """Write one or several tables as an Excel workbook, one sheet each.

    Parameters
    ----------
    tables : DataFrame or mapping of sheet name -> DataFrame
        A named (non-range) index is written as the first column(s).
    path : path-like
        The ``.xlsx`` file; written to a temporary file beside it first and
        renamed (:func:`reterete.outputs.atomic_path`), so a failure never
        leaves half a workbook.
    sheet : str
        Sheet name when ``tables`` is a single DataFrame.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
    >>> df = pd.DataFrame({"actor": ["=1+1", "Bea"], "ties": [2, 1],
    ...                    "first": pd.to_datetime(["2024-09-02", "2024-10-01"])})
    >>> _ = write_xlsx(df, out, sheet="Actors")
    >>> ws = openpyxl.load_workbook(out)["Actors"]
    >>> [c.value for c in ws[2]]
    ['=1+1', 2, datetime.datetime(2024, 9, 2, 0, 0)]
    >>> ws["A2"].data_type, ws.freeze_panes
    ('s', 'A2')
    """
    import xlsxwriter

    if isinstance(tables, pd.DataFrame):
        tables = {sheet: tables}
    if not tables:
        raise InputError("no table to write")
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        from .i18n import _

        raise InputError(_("{path}: an Excel workbook's name ends in .xlsx").format(path=path))
    from .outputs import atomic_path

    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), {
            "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False, "nan_inf_to_errors": False,
            "remove_timezone": True})
        formats = {"header": book.add_format({"bold": True, "bg_color": "#E8EEF4",
                                              "bottom": 1, "text_wrap": True,
                                              "valign": "top"}),
                   "date": book.add_format({"num_format": DATE_FORMAT}),
                   "datetime": book.add_format({"num_format": DATETIME_FORMAT})}
        from .readable import is_readable_language, machine_keys, readable

        used: set[str] = set()
        keys: list[tuple[str, str, str]] = []
        for name, frame in tables.items():
            if is_readable_language():
                # headings and coded values in words; the keys in a hidden sheet
                frame = readable(frame)
                formats["number"] = formats.get("number") or book.add_format(
                    {"num_format": NUMBER_FORMAT})
            shown = sheet_name(name, used)
            _write_sheet(book, shown, frame, formats)
            keys += [(shown, str(h), k) for h, k in zip(frame.columns, machine_keys(frame),
                                                        strict=False)]
        if is_readable_language() and keys:
            _write_keys(book, sheet_name(_keys_sheet(), used), keys, formats)
        book.close()
    return path


def sheet_name(name: str, used: set[str] | None = None) -> str:
    """A valid, unique Excel sheet name: at most 31 characters, none of ``[]:*?/\\``.

    ``used`` (case-insensitive names already taken) is updated.

    Examples
    --------
    >>> sheet_name("Antennas: Piazza Roma / via Orti Romani")
    'Antennas_ Piazza Roma _ via Ort'
    >>> taken = set()
    >>> sheet_name("Summary", taken), sheet_name("summary", taken)
    ('Summary', 'summary (2)')
    """
    base = (str(name).translate(_BAD_SHEET_CHARS).strip("'") or "Sheet")[:31]
    used = set() if used is None else used
    candidate, n = base, 1
    while candidate.casefold() in used:
        n += 1
        suffix = f" ({n})"
        candidate = base[:31 - len(suffix)] + suffix
    used.add(candidate.casefold())
    return candidate


def project_tables(net: Network, *, start: object = None, end: object = None,
                   compare_start: object = None, compare_end: object = None,
                   k: int = 3, hops: int = 1, n: int = 10, n_boot: int = 1000,
                   seed: int | None = 0, freq: str | None = None,
                   attr: str = "sector") -> dict[str, pd.DataFrame]:
    """Every table of a project, for one workbook.

    Parameters
    ----------
    net : Network
        Anonymise it first (:func:`reterete.privacy.anonymize_network`) for a
        workbook to share.
    start, end : optional
        The window of the summary, centrality, antennas, recommendations,
        timeline and activity (``YYYY-MM`` or ``YYYY-MM-DD``, inclusive).
    compare_start, compare_end : "FROM:TO", optional
        The windows compared; default, as in the report, the first and the
        last period of the window at the data's grain (months for months of
        logs, days for a few days of sensor data; no comparison when the
        window is one period).
    k, hops : int
        Antennas per site and their reach (greedy selection).
    n : int
        Actors to engage next per site.
    n_boot, seed : int
        Bootstrap resamples and seed of the comparison.
    freq : str, optional
        Period of the timeline and the activity table; default the data's
        grain (:func:`reterete.metrics.temporal.data_freq`), as in the report.
    attr : str
        Actor attribute of the E-I index.

    Returns
    -------
    dict
        Keys ``summary``, ``centrality``, ``antennas``, ``recommend``,
        ``compare``, ``timeline``, ``activity``, ``actors`` (in that order) ->
        DataFrame; ``actors`` is :func:`actors_sheet`, every actor met or only
        registered, with every registry attribute.
        ``compare`` is empty when there is nothing to compare.

    Examples
    --------
    >>> from reterete.network import Network
    >>> net = Network.from_interactions(pd.DataFrame({
    ...     "date": ["2024-09-02", "2024-12-03"], "source": ["Ada", "Ada"],
    ...     "target": ["Bea", "Cy"], "site": ["Piazza Roma", "Piazza Roma"]}))
    >>> tables = project_tables(net, n_boot=20)
    >>> list(tables)
    ['summary', 'centrality', 'antennas', 'recommend', 'compare', 'timeline', 'activity', 'actors']
    >>> tables["summary"].set_index("key").at["ties", "value"]
    2
    """
    from .metrics.antennas import select_antennas
    from .metrics.centrality import centrality
    from .metrics.compare import compare
    from .metrics.recommend import recommend
    from .metrics.structure import summary
    from .metrics.temporal import activity, timeline

    G = net.graph(start=start, end=end)
    figures = summary(G, attr)
    out: dict[str, pd.DataFrame] = {}
    out["summary"] = pd.DataFrame({"key": list(figures),
                                   "value": pd.Series(list(figures.values()), dtype=object)})
    cen = centrality(G, strength="weight")
    cen.insert(0, "name", [G.nodes[v].get("name", v) for v in cen.index])
    out["centrality"] = (cen.sort_values(["degree", "betweenness"], ascending=False,
                                         kind="stable").rename_axis("id").reset_index())
    plans, recs = [], []
    for site in net.sites:
        try:
            plan = select_antennas(net, site, k=k, hops=hops, start=start, end=end)
        except InputError:  # a site with no candidate in the window
            continue
        table = plan.table()
        table.insert(0, "site", site)
        table.insert(2, "status", pgettext("antenna status", "antenna"))
        table["coverage"] = plan.coverage
        table["targets"] = plan.targets
        # registered actors not yet met: listed apart, under the antennas
        records = table.to_dict(orient="records") + [
            {**dict.fromkeys(table.columns), "site": site, "actor": a,
             "status": pgettext("antenna status", "registered, not yet met"),
             "name": plan.name_of.get(a, a), "kind": plan.kinds_of.get(a)}
            for a in plan.not_met]
        plans.append(pd.DataFrame(records, columns=list(table.columns)))
        rec = recommend(net, site, n=n, start=start, end=end, hops=hops)
        rec.insert(0, "site", site)
        recs.append(rec)
    out["antennas"] = (pd.DataFrame([r for p in plans for r in p.to_dict(orient="records")],
                                    columns=list(plans[0].columns)) if plans else
                       pd.DataFrame(columns=["site", "actor", "status", "name", "kind", "gain",
                                             "reaches", "cost_hours", "coverage", "targets"]))
    out["recommend"] = (pd.concat(recs, ignore_index=True) if recs else
                        pd.DataFrame(columns=["site", "actor", "name", "score", "reasons"]))
    windows = _compare_windows(net, start, end, compare_start, compare_end)
    if windows is None:
        out["compare"] = pd.DataFrame(columns=["metric", "name", "start", "end", "delta",
                                               "ci_low", "ci_high", "p_value"])
    else:
        result = compare(net, windows[0], windows[1], n_boot=n_boot, seed=seed, attr=attr)
        out["compare"] = result.table.reset_index()
    if freq is None:  # the data's grain, as the report (and the sheet's title says it)
        from .metrics.temporal import data_freq

        freq = data_freq(net.window(start, end)["date"])
    out["timeline"] = timeline(net, freq, attr=attr, start=start, end=end).reset_index()
    out["activity"] = activity(net, freq, by="kind", start=start, end=end).reset_index()
    out["activity"].attrs["freq"] = freq
    out["actors"] = actors_sheet(net, start, end)
    return out


def actors_sheet(net: Network, start: object = None, end: object = None) -> pd.DataFrame:
    """Every actor of the logs and the registry with every attribute the
    registry gives (its own columns too), and whether they were met in the
    window or are registered, not yet met.

    Examples
    --------
    >>> from reterete.network import Network
    >>> net = Network.from_interactions(
    ...     pd.DataFrame({"date": ["2024-09-02"], "source": ["Ada"], "target": ["Bea"]}),
    ...     actors=pd.DataFrame({"name": ["Ada", "Cy"], "reparto": ["DCAR", "DISQ"]}))
    >>> actors_sheet(net)[["name", "status", "reparto"]].to_records(index=False).tolist()
    [('Ada', 'met', 'DCAR'), ('Bea', 'met', nan), ('Cy', 'registered, not yet met', 'DISQ')]
    """
    inter = net.window(start, end)
    met = set(inter["source"]).union(inter["target"])
    table = net.actors.drop(columns=[c for c in ("file",) if c in net.actors.columns]).copy()
    table["sites"] = [_join(s) for s in table["sites"]]
    table.insert(1, "status", [pgettext("actor status", "met") if a in met else
                               pgettext("antenna status", "registered, not yet met")
                               for a in table.index])
    return table.rename_axis("id").reset_index()


def _join(values: object) -> object:
    if isinstance(values, (list, tuple, set, frozenset)):
        return "; ".join(map(str, values)) or None
    return values


# ---------------------------------------------------------------------------
def _compare_windows(net: Network, start: object, end: object, a: object,
                     b: object) -> tuple[object, object] | None:
    if a is not None and b is not None:
        return a, b
    # the report's default: the first and the last period at the data's grain
    # (months for a project's months, days for a week's sensor log)
    from .metrics.temporal import FREQS, data_freq, period_label

    dates = net.window(start, end)["date"].dropna()
    if dates.empty:
        return None
    code = FREQS[data_freq(dates)]
    p, q = pd.Period(dates.min(), code), pd.Period(dates.max(), code)
    if p == q:
        return None
    first, last = period_label(p), period_label(q)
    return (a if a is not None else (first, first)), (b if b is not None else (last, last))


def _keys_sheet() -> str:
    from .schema import TEMPLATE_SHEETS

    return TEMPLATE_SHEETS["keys"][1]


def _write_keys(book: Any, name: str, keys: list[tuple[str, str, str]],
                formats: dict[str, Any]) -> None:
    """A hidden sheet: each sheet's headings and the machine keys (JSON's names)
    behind them, for a program reading a workbook written in Italian."""
    from .i18n import pgettext

    ws = book.add_worksheet(name)
    for j, text in enumerate((pgettext("column", "sheet"), pgettext("column", "heading"),
                              pgettext("column", "key"))):
        ws.write_string(0, j, text, formats["header"])
    for i, row in enumerate(keys, start=1):
        for j, text in enumerate(row):
            ws.write_string(i, j, text)
    ws.hide()


def _write_sheet(book: Any, name: str, frame: pd.DataFrame, formats: dict[str, Any]) -> None:
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    ws = book.add_worksheet(name)
    columns = [str(c) for c in frame.columns]
    widths = [len(c) for c in columns]
    for j, col in enumerate(columns):
        ws.write_string(0, j, col, formats["header"])
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        for j, value in enumerate(row):
            widths[j] = max(widths[j], _write_cell(ws, i, j, value, formats))
    for j, width in enumerate(widths):
        ws.set_column(j, j, min(_MAX_WIDTH, width + 2))
    ws.freeze_panes(1, 0)
    if columns:
        ws.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)


def _write_cell(ws: Any, i: int, j: int, value: Any, formats: dict[str, Any]) -> int:
    """Write one cell with its real type; returns the width it needs."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return 0
    if isinstance(value, bool):
        ws.write_boolean(i, j, value)
        return 5
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return 0
        if isinstance(value, float) and "number" in formats and value != int(value):
            ws.write_number(i, j, value, formats["number"])
            return min(12, len(f"{value:.3f}"))
        ws.write_number(i, j, value)
        return min(12, len(repr(value)))
    if isinstance(value, (pd.Timestamp, datetime)):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_localize(None)
        has_time = stamp != stamp.normalize()
        ws.write_datetime(i, j, stamp.to_pydatetime(),
                          formats["datetime" if has_time else "date"])
        return 16 if has_time else 10
    if isinstance(value, date):
        ws.write_datetime(i, j, datetime(value.year, value.month, value.day), formats["date"])
        return 10
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    ws.write_string(i, j, text)
    return max((len(line) for line in text.splitlines()), default=0)
