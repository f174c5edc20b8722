"""Reading roster survey files: one row per respondent and named partner per wave.

A roster survey (the instrument behind PARTNER CPRM and most evaluations of
community collaboratives) asks each organisation to name the partners it
works with and to rate each one, on a 1-4 (or 1-5) scale, on trust
(*fiducia*) and value (*valore*). Files are read with the same readers as
contact logs (CSV with ``,`` ``;`` or tab, UTF-8 or Windows-1252, XLSX, ODS,
Parquet) and checked row by row: every problem names the file, the row as the
spreadsheet numbers it (header = 1), the column and the value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import IngestError, Problem
from ..i18n import M_
from ..identity import fold_key, normalize_name

__all__ = ["Survey", "read_survey", "SURVEY_COLUMNS", "RATING_PREFIXES", "survey_column",
           "wave_words", "anonymize_survey"]

#: canonical survey column -> accepted headers (English and Italian), matched
#: with :func:`reterete.identity.fold_key`
SURVEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "respondent": ("respondent", "rispondente", "chi risponde", "ente rispondente",
                   "organizzazione rispondente", "organisation", "organization",
                   "organizzazione", "ego"),
    "partner": ("partner", "partner nominato", "partner indicato", "ente nominato",
                "named partner", "alter"),
    "wave": ("wave", "ondata", "rilevazione", "round", "tornata", "data rilevazione",
             "survey date", "wave date"),
    "frequency": ("frequency", "frequenza", "frequenza contatti", "frequenza dei contatti",
                  "how often", "contact frequency"),
}
#: rating kind -> the (folded) beginnings of its column names
RATING_PREFIXES: dict[str, tuple[str, ...]] = {"trust": ("trust", "fiducia"),
                                              "value": ("value", "valore")}
_REQUIRED = ("respondent", "partner", "wave")
_INDEX = {fold_key(alias): canon for canon, aliases in SURVEY_COLUMNS.items()
          for alias in aliases}
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_WHOLE = re.compile(r"^\s*[+]?(\d+)(?:[.,]0+)?\s*$")


def survey_column(header: object) -> str | None:
    """The canonical name of a survey header: ``respondent``, ``partner``,
    ``wave``, ``frequency``, ``trust`` or ``value`` (a rating column), or None.

    Examples
    --------
    >>> [survey_column(h) for h in ["Rispondente", "Ondata", "Fiducia - affidabilità",
    ...                             "value_resources", "Note"]]
    ['respondent', 'wave', 'trust', 'value', None]
    """
    key = fold_key(header)
    if not key:
        return None
    if key in _INDEX:
        return _INDEX[key]
    for kind, prefixes in RATING_PREFIXES.items():
        if key.startswith(prefixes):
            return kind
    return None


def wave_words(wave: str) -> str:
    """A wave as a sentence says it: a dated wave as its date in words
    (``30 settembre 2024``), a month as the month, a label as written.

    Examples
    --------
    >>> wave_words("2024-09-30"), wave_words("2024-12"), wave_words("primavera")
    ('30 September 2024', 'December 2024', 'primavera')
    """
    from ..i18n import format_period

    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(wave)):
        return format_period(str(wave))
    return str(wave)


@dataclass(frozen=True, eq=False)
class Survey:
    """The answers of one or more roster survey files.

    Attributes
    ----------
    ties : DataFrame
        One row per named tie: ``wave`` (ordered categorical of the wave
        labels), ``respondent`` and ``partner`` (actor ids), ``trust`` and
        ``value`` (the mean of the tie's ``trust_*`` / ``value_*`` ratings
        answered, NaN when none was), ``frequency`` (as written), ``file``,
        ``row``.
    respondents : DataFrame
        ``wave`` and ``actor``: who answered each wave, those who named no
        partner included (a row with an empty partner).
    waves : tuple of str
        Wave labels in order (dates in time order, then labels as first met).
    periods : dict
        Wave label -> ``(first day, last day)`` of the calendar month of the
        wave's date, or None for a wave named by a label that is not a date.
    names : dict
        Actor id -> display name (the registry's, else the first spelling).
    attributes : DataFrame or None
        The registry's rows for the survey's actors (``kind``, ``sector`` ...).
    scale : int
        The top of the rating scale (4 or 5): ratings run from 1 to it.
    items : dict
        Rating kind -> the column headers averaged into it.
    warnings : list of Problem
    """

    ties: pd.DataFrame
    respondents: pd.DataFrame
    waves: tuple[str, ...]
    periods: dict[str, tuple[pd.Timestamp, pd.Timestamp] | None]
    names: dict[str, str]
    attributes: pd.DataFrame | None = None
    scale: int = 4
    items: dict[str, tuple[str, ...]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def actors_of(self, wave: str) -> list[str]:
        """A wave's actors: its respondents and the partners they name, sorted."""
        self._check_wave(wave)
        t = self.ties[self.ties["wave"] == wave]
        r = self.respondents.loc[self.respondents["wave"] == wave, "actor"]
        return sorted(set(r) | set(t["partner"]))

    def roster(self) -> list[str]:
        """Every actor the survey mentions, in any wave, sorted."""
        return sorted(set(self.respondents["actor"]) | set(self.ties["partner"]))

    def name_of(self, actor: str) -> str:
        return self.names.get(actor, actor)

    def graph(self, wave: str) -> nx.DiGraph:
        """The directed network of one wave: an arc respondent -> partner per
        named tie, with ``trust``, ``value`` and ``frequency``; every actor of
        the wave is a node with ``name`` and the registry's attributes.

        Examples
        --------
        >>> s = read_survey(pd.DataFrame({"respondent": ["A", "B"], "partner": ["B", "C"],
        ...                               "wave": ["2024-09", "2024-09"],
        ...                               "trust": [4, 2]}))
        >>> G = s.graph("2024-09")
        >>> sorted(G.edges(data="trust"))
        [('a', 'b', 4.0), ('b', 'c', 2.0)]
        """
        G = nx.DiGraph(wave=wave)
        for a in self.actors_of(wave):
            G.add_node(a, **self._node_attrs(a))
        t = self.ties[self.ties["wave"] == wave]
        G.add_edges_from(
            (u, v, {"trust": _nan_none(tr), "value": _nan_none(va), "frequency": fr})
            for u, v, tr, va, fr in zip(t["respondent"], t["partner"], t["trust"],
                                        t["value"], t["frequency"], strict=True))
        return G

    def _node_attrs(self, actor: str) -> dict[str, Any]:
        attrs: dict[str, Any] = {"name": self.name_of(actor)}
        if self.attributes is not None and actor in self.attributes.index:
            row = self.attributes.loc[actor]
            for col in ("kind", "sector", "team", "is_person"):
                if col in row.index and not _missing(row[col]):
                    attrs[col] = row[col]
        return attrs

    def _check_wave(self, wave: str) -> None:
        if wave not in self.waves:
            from ..errors import InputError
            from ..i18n import _

            raise InputError(_("{wave} is not a wave of the survey: its waves are "
                               "{waves}").format(wave=repr(wave),
                                                 waves=", ".join(self.waves) or "-"))


def read_survey(paths: object, actors: object = None, *, scale: int | None = None,
                names: Sequence[str] | None = None) -> Survey:
    """Read roster survey files (or DataFrames) into a :class:`Survey`.

    Parameters
    ----------
    paths : path, DataFrame, or a list of them
        Survey files: CSV (``,`` ``;`` or tab; UTF-8 or Windows-1252), XLSX,
        ODS, Parquet. Columns (Italian or English, matched ignoring case,
        accents, spaces and text in brackets): ``respondent`` (rispondente),
        ``partner``, ``wave`` (ondata: a date, a month ``YYYY-MM`` or a
        label), optional ``frequency`` (frequenza), and rating columns whose
        names start with ``trust``/``fiducia`` or ``value``/``valore``. A row
        with a respondent and no partner says that respondent answered and
        named nobody.
    actors : path or DataFrame, optional
        The actor registry: its aliases merge names, and every respondent and
        partner must be in it.
    scale : int, optional
        The top of the rating scale, 4 or 5 (default: 4, or 5 when a 5
        appears among the ratings; :attr:`Survey.scale` says which).
    names : list of str, optional
        The file names problems show, one per file.

    Raises
    ------
    IngestError
        With every problem: a missing column, a partner or respondent not in
        the registry, a rating that is not a whole number or is off the scale,
        the same partner named twice by one respondent in one wave, a
        respondent naming itself, an empty respondent or wave, ratings on a
        row without a partner.

    Examples
    --------
    >>> s = read_survey(pd.DataFrame({
    ...     "Rispondente": ["Caritas", "Caritas", "Auser"], "Partner": ["Auser", "Arci", "Caritas"],
    ...     "Ondata": ["09/2024"] * 3, "Fiducia": [4, 3, 4], "Valore": [3, None, 2]}))
    >>> s.waves, s.scale
    (('09/2024',), 4)
    >>> s.ties[["respondent", "partner", "trust", "value"]].to_dict("list")
    {'respondent': ['caritas', 'caritas', 'auser'], 'partner': ['auser', 'arci', 'caritas'], \
'trust': [4.0, 3.0, 4.0], 'value': [3.0, nan, 2.0]}
    """
    from ..ingest import merges_of, read_registry
    from ..ingest.files import read_raw

    errors: list[Problem] = []
    warnings: list[Problem] = []
    registry = read_registry(actors, errors, warnings)
    merges = merges_of(registry, None)
    sources = list(paths) if isinstance(paths, (list, tuple)) else [paths]
    if names is not None and len(names) != len(sources):
        raise ValueError("give one name per survey file")
    if not sources:
        errors.append(Problem("<input>", None, None, None, M_("no survey file given")))
    frames: list[pd.DataFrame] = []
    items: dict[str, list[str]] = {"trust": [], "value": []}
    for k, src in enumerate(sources):
        label = (names[k] if names is not None else
                 f"<table {k + 1}>" if isinstance(src, pd.DataFrame) else
                 Path(os.fspath(src)).name)
        raw = read_raw(src, name=label)
        errors.extend(raw.problems)
        warnings.extend(raw.warnings)
        if not raw.header:
            continue
        frame = _parse(raw, errors, warnings, items)
        if frame is not None:
            frames.append(frame)
    if errors:
        raise IngestError(errors, warnings)
    long = (pd.concat(frames, ignore_index=True) if frames else
            pd.DataFrame(columns=["file", "row", "respondent", "partner", "wave", "frequency"]))
    return _assemble(long, registry, merges, scale, errors, warnings,
                     {k: tuple(dict.fromkeys(v)) for k, v in items.items()})


# ---------------------------------------------------------------------------
def _parse(raw, errors: list[Problem], warnings: list[Problem],
           items: dict[str, list[str]]) -> pd.DataFrame | None:
    """One file's rows: canonical columns as text, ratings as raw cells."""
    columns: dict[str, int] = {}
    ratings: list[tuple[str, int]] = []
    for i, head in enumerate(raw.header):
        canon = survey_column(head)
        if canon in ("trust", "value"):
            ratings.append((canon, i))
            items[canon].append(str(head))
        elif canon is not None:
            if canon in columns:
                errors.append(Problem(raw.name, 1, str(head), None, M_(
                    "is a second {canonical} column: keep one", canonical=canon)))
            columns[canon] = i
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        errors.append(Problem(raw.name, 1, None, None, M_(
            "lacks the column(s) {columns} that a survey needs: found {found}. Headers may be "
            "Italian (Rispondente, Partner, Ondata, Frequenza, Fiducia..., Valore...)",
            columns=", ".join(missing),
            found=", ".join(repr(h) for h in raw.header) or "-")))
        return None
    n = len(raw.rows)
    out = pd.DataFrame({"file": [raw.name] * n, "row": np.asarray(raw.rows, dtype=np.int64)})
    heads = {canon: str(raw.header[i]) for canon, i in columns.items()}
    for canon in ("respondent", "partner", "frequency"):
        out[canon] = (_text(raw.cells[columns[canon]]) if canon in columns
                      else pd.Series([None] * n, dtype=object))
    out["wave_cell"] = raw.cells[columns["wave"]].to_numpy(dtype=object)
    out.attrs["heads"] = heads
    for j, (kind, i) in enumerate(ratings):
        out[f"rating:{kind}:{j}"] = raw.cells[i].to_numpy(dtype=object)
        out.attrs[f"rating:{kind}:{j}"] = str(raw.header[i])
    # heads travel with each row, since files may spell columns differently
    for canon in ("respondent", "partner", "wave", "frequency"):
        out[f"head:{canon}"] = heads.get(canon, canon)
    for col in [c for c in out.columns if c.startswith("rating:")]:
        out[f"head:{col}"] = out.attrs[col]
    return out


def _assemble(long: pd.DataFrame, registry: pd.DataFrame | None, merges: dict[str, str],
              scale: int | None, errors: list[Problem], warnings: list[Problem],
              items: dict[str, tuple[str, ...]]) -> Survey:
    if scale is not None and scale not in (4, 5):
        from ..errors import InputError
        from ..i18n import _

        raise InputError(_("the rating scale must be 4 (1-4) or 5 (1-5), not {scale}").format(
            scale=scale))
    files, rows = long["file"].to_numpy(), long["row"].to_numpy()

    def problem(mask: np.ndarray, column: str, values: Any, reason: Any) -> None:
        heads = long[f"head:{column}"].to_numpy() if f"head:{column}" in long else None
        vals = np.asarray(values, dtype=object)
        for k in np.flatnonzero(mask):
            errors.append(Problem(str(files[k]), int(rows[k]),
                                  str(heads[k]) if heads is not None else column,
                                  None if _missing(vals[k]) else vals[k], reason))

    resp_raw = long["respondent"].to_numpy(dtype=object)
    part_raw = long["partner"].to_numpy(dtype=object)
    no_resp = pd.isna(resp_raw)
    problem(no_resp, "respondent", resp_raw, M_("is empty: every row needs the organisation "
                                                "that answered"))
    # waves: a date, a month, or a label
    wave_label, wave_date, wave_bad = _waves(long["wave_cell"])
    problem(wave_bad, "wave", long["wave_cell"], M_("is empty: every row needs its wave "
                                                    "(a date, a month such as 2024-09, or "
                                                    "a label)"))
    # ids through the registry's aliases
    resp = _ids(resp_raw, merges)
    part = _ids(part_raw, merges)
    if registry is not None:
        known = set(registry.index)
        for col, ids, raw_vals in (("respondent", resp, resp_raw), ("partner", part, part_raw)):
            unknown = np.array([i is not None and i not in known for i in ids], dtype=bool)
            problem(unknown, col, raw_vals, M_(
                "is not in the actor registry: add it there (or as an alias of an actor "
                "who is), or correct the name"))
    itself = np.array([a is not None and a == b for a, b in zip(resp, part, strict=True)],
                      dtype=bool)
    problem(itself, "partner", part_raw, M_("is the respondent itself: a respondent names "
                                            "other organisations"))
    # ratings
    rating_cols = [c for c in long.columns if c.startswith("rating:")]
    values = {}
    bad_any = np.zeros(len(long), dtype=bool)
    parsed = {c: _ratings(long[c]) for c in rating_cols}
    top = scale or (5 if any((v == 5).any() for v, _ in parsed.values()) else 4)
    for c, (v, not_number) in parsed.items():
        problem(not_number, c, long[c], M_("is not a rating: give a whole number from 1 to "
                                           "{top}, or leave it empty", top=top))
        off = ~not_number & ~np.isnan(v) & ((v < 1) | (v > top))
        problem(off, c, long[c], M_("is off the scale: ratings go from 1 to {top}", top=top))
        bad_any |= not_number | off
        values[c] = np.where(not_number | off, np.nan, v)
    no_partner = pd.isna(part_raw)
    rated = np.zeros(len(long), dtype=bool)
    for c in rating_cols:
        rated |= ~np.isnan(values[c])
    problem(no_partner & rated, "partner", part_raw, M_(
        "is empty but the row has ratings: name the partner they are about"))
    # the same partner twice from one respondent in one wave
    valid = ~no_resp & ~wave_bad & ~no_partner
    key = pd.Series([(w, a, b) for w, a, b in zip(wave_label, resp, part, strict=True)],
                    dtype=object)
    dup = np.zeros(len(long), dtype=bool)
    dup[np.flatnonzero(valid)] = key[valid].duplicated().to_numpy()
    problem(dup, "partner", part_raw, M_("is named twice by the same respondent in the same "
                                         "wave: keep one row (or correct the wave)"))
    if errors:
        errors.sort(key=lambda p: (p.file, p.row or 0))
        raise IngestError(errors, warnings)
    # ------------------------------------------------------------------ tables
    waves = _wave_order(wave_label, wave_date)
    wave_cat = pd.Categorical(wave_label, categories=list(waves), ordered=True)

    def mean_of(kind: str) -> np.ndarray:
        cols = [values[c] for c in rating_cols if c.split(":")[1] == kind]
        if not cols:
            return np.full(len(long), np.nan)
        stack = np.vstack(cols)
        with np.errstate(invalid="ignore"):
            count = (~np.isnan(stack)).sum(axis=0)
            total = np.nansum(stack, axis=0)
            return np.where(count > 0, total / np.maximum(count, 1), np.nan)

    all_rows = pd.DataFrame({"wave": wave_cat, "respondent": resp, "partner": part,
                             "trust": mean_of("trust"), "value": mean_of("value"),
                             "frequency": long["frequency"].to_numpy(dtype=object),
                             "file": long["file"].to_numpy(dtype=object),
                             "row": long["row"].to_numpy(dtype=np.int64)})
    ties = all_rows[~no_partner].reset_index(drop=True)
    respondents = (all_rows[["wave", "respondent"]].rename(columns={"respondent": "actor"})
                   .drop_duplicates().sort_values(["wave", "actor"]).reset_index(drop=True))
    names = _display_names(long, resp, part, registry)
    periods = {w: _period(d) for w, d in _first_dates(wave_label, wave_date).items()}
    attributes = None
    if registry is not None:
        ids = sorted(set(names))
        attributes = registry.loc[[i for i in ids if i in registry.index]]
    return Survey(ties, respondents, waves, {w: periods.get(w) for w in waves}, names,
                  attributes, int(top), items, warnings)


def _text(col: pd.Series) -> pd.Series:
    """Cells as stripped text, None where blank."""
    def one(v: object) -> str | None:
        if v is None or (isinstance(v, float) and v != v):
            return None
        s = str(v).strip()
        return s or None

    return pd.Series([one(v) for v in col.to_numpy(dtype=object)], dtype=object)


def _ids(values: np.ndarray, merges: dict[str, str]) -> list[str | None]:
    cache: dict[str, str] = {}
    out: list[str | None] = []
    for v in values:
        if v is None or (isinstance(v, float) and v != v):
            out.append(None)
            continue
        i = cache.get(v)
        if i is None:
            n = normalize_name(v)
            i = cache[v] = merges.get(n, n)
        out.append(i)
    return out


def _ratings(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Ratings as floats (NaN where blank) and where a value is not a whole number."""
    vals = col.to_numpy(dtype=object)
    out = np.full(len(vals), np.nan)
    bad = np.zeros(len(vals), dtype=bool)
    for k, v in enumerate(vals):
        if v is None or (isinstance(v, float) and v != v):
            continue
        if isinstance(v, (bool, np.bool_)):
            bad[k] = True
        elif isinstance(v, (int, float, np.integer, np.floating)):
            if float(v).is_integer():
                out[k] = float(v)
            else:
                bad[k] = True
        else:
            s = str(v).strip()
            if not s:
                continue
            m = _WHOLE.match(s)
            if m:
                out[k] = float(m.group(1))
            else:
                bad[k] = True
    return out, bad


def _waves(cells: pd.Series) -> tuple[list[str | None], list[pd.Timestamp | None], np.ndarray]:
    """Each row's wave label, its date (None for a label) and where it is empty."""
    from ..ingest.dates import parse_dates

    vals = cells.to_numpy(dtype=object)
    labels: list[str | None] = []
    dates: list[pd.Timestamp | None] = []
    empty = np.zeros(len(vals), dtype=bool)
    texts: dict[str, tuple[str, pd.Timestamp | None]] = {}
    for k, v in enumerate(vals):
        if v is None or (isinstance(v, float) and v != v) or not str(v).strip():
            empty[k] = True
            labels.append(None)
            dates.append(None)
            continue
        if isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "year"):
            ts = pd.Timestamp(v).normalize()
            labels.append(ts.strftime("%Y-%m-%d"))
            dates.append(ts)
            continue
        s = " ".join(str(v).split())
        if s not in texts:
            m = _MONTH.match(s)
            if m and 1 <= int(m.group(2)) <= 12:
                texts[s] = (f"{int(m.group(1)):04d}-{int(m.group(2)):02d}",
                            pd.Timestamp(int(m.group(1)), int(m.group(2)), 1))
            else:
                parsed, _why = parse_dates(pd.Series([s], dtype=object), dayfirst=True)
                d = parsed.iloc[0]
                texts[s] = ((d.strftime("%Y-%m-%d"), d.normalize()) if not pd.isna(d)
                            else (s, None))
        label, d = texts[s]
        labels.append(label)
        dates.append(d)
    return labels, dates, empty


def _wave_order(labels: list[str | None], dates: list[pd.Timestamp | None]
                ) -> tuple[str, ...]:
    first = _first_dates(labels, dates)
    seen = list(first)
    return tuple(sorted(seen, key=lambda w: (first[w] is None,
                                              first[w] if first[w] is not None else
                                              pd.Timestamp(0), seen.index(w))))


def _first_dates(labels, dates) -> dict[str, pd.Timestamp | None]:
    out: dict[str, pd.Timestamp | None] = {}
    for w, d in zip(labels, dates, strict=True):
        if w is not None and w not in out:
            out[w] = d
    return out


def _period(d: pd.Timestamp | None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    if d is None:
        return None
    start = d.replace(day=1)
    return start, start + pd.offsets.MonthEnd(0)


def _display_names(long: pd.DataFrame, resp: list, part: list,
                   registry: pd.DataFrame | None) -> dict[str, str]:
    names: dict[str, str] = {}
    for ids, col in ((resp, "respondent"), (part, "partner")):
        for i, raw in zip(ids, long[col].to_numpy(dtype=object), strict=True):
            if i is not None and i not in names:
                names[i] = str(raw)
    if registry is not None:
        for i in names:
            if i in registry.index:
                names[i] = str(registry.at[i, "name"])
    return names


def _missing(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _nan_none(v: float) -> float | None:
    return None if v != v else float(v)


def anonymize_survey(survey: Survey, key: bytes | str) -> Survey:
    """The same survey with every person under the pseudonym that
    :func:`reterete.privacy.anonymize_network` gives them (same key, same
    pseudonym, so the agreement with anonymised logs still matches), and no
    file names or free text.

    Persons are the registry's actors with ``is_person``; without a registry
    nobody is known to be a person and only the free text goes (``frequency``
    is kept: it is an answer from a list, not a note).

    Examples
    --------
    >>> s = read_survey(pd.DataFrame({"respondent": ["Caritas"], "partner": ["Mario Rossi"],
    ...                               "wave": ["w"]}),
    ...                 actors=pd.DataFrame({"name": ["Caritas", "Mario Rossi"],
    ...                                      "persona": ["no", "sì"]}))
    >>> sorted(anonymize_survey(s, b"secret").names.values())
    ['Caritas', 'Person 141778']
    """
    from ..privacy import pseudonyms

    attrs = survey.attributes
    persons: list[str] = []
    if attrs is not None and "is_person" in attrs.columns:
        persons = [a for a, p in attrs["is_person"].items() if p is True or p == 1]
    names = pseudonyms(persons, key)
    ids = {a: normalize_name(p) for a, p in names.items()}

    def swap(values: pd.Series) -> pd.Series:
        return values.map(lambda a: ids.get(a, a))

    ties = survey.ties.assign(respondent=swap(survey.ties["respondent"]),
                              partner=swap(survey.ties["partner"]), file=None)
    respondents = survey.respondents.assign(actor=swap(survey.respondents["actor"]))
    shown = {ids.get(a, a): names.get(a, n) for a, n in survey.names.items()}
    if attrs is not None:
        attrs = attrs.copy()
        attrs.index = pd.Index([ids.get(a, a) for a in attrs.index], name=attrs.index.name)
        keep = [c for c in ("kind", "sector", "team", "is_person") if c in attrs.columns]
        attrs = attrs[keep]
    return Survey(ties, respondents, survey.waves, survey.periods, shown, attrs,
                  survey.scale, survey.items, [])
