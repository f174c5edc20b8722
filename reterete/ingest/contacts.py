"""From a raw table to interactions: map headers, detect the layout, validate
every cell, expand attendance lists, and account for every row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..errors import Problem
from ..i18n import M_
from ..identity import SMALL, distinct, is_missing, normalize_series
from ..schema import LAYOUTS, contact_column
from .dates import parse_date_column, parse_times_of_day, timezone_of
from .events import current, event_node_name
from .files import RawTable

__all__ = ["ParsedLog", "parse_log", "detect_layout"]

_REQUIRED = {
    "pairwise": ("date", "source", "target"),
    "attendance": ("date", "event"),
    "worker": ("date", "recorded_by", "actor"),
}
_SPLIT = re.compile(r"\s*[;|\n]\s*")


@dataclass
class ParsedLog:
    """Interactions of one file with raw names (ids are made later, across
    files, so that aliases and display names are consistent)."""

    name: str
    layout: str | None
    interactions: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: the time zone Unix times were read in (None when there were none)
    timezone: str | None = None


def detect_layout(columns: set[str]) -> str | None:
    """DESIGN.md's rule: pairwise, else attendance, else worker.

    >>> detect_layout({"date", "source", "target"}), detect_layout({"date", "event", "actor"})
    ('pairwise', 'attendance')
    """
    if {"source", "target"} <= columns:
        return "pairwise"
    if "event" in columns:
        return "attendance"
    if {"recorded_by", "actor"} <= columns:
        return "worker"
    return None


def parse_log(raw: RawTable, layout: str | None = None, *, large_events: str | None = None,
              large_event_size: int | None = None, dayfirst: bool | None = None,
              timezone: str | None = None) -> ParsedLog:
    """Validate a raw table and turn it into interactions (raw names).

    ``large_events`` and ``large_event_size`` say how attendance events with
    many participants are counted (see :mod:`reterete.ingest.events`); by
    default such an event is a problem that names it. ``dayfirst`` (None:
    day-first, with a warning when the whole date column reads far better
    month-first; True; False: month-first) and ``timezone`` (for Unix times in
    a column named as a time) are as in
    :func:`~reterete.ingest.dates.parse_date_column`.
    """
    log = ParsedLog(raw.name, layout, pd.DataFrame(), list(raw.problems), list(raw.warnings))
    if not raw.header:
        return log
    raw = headerless_sensor_log(raw)
    if not len(raw.rows) and not raw.problems:
        log.warnings.append(Problem(raw.name, None, None, None,
                                    M_("has a header but no rows: nothing was read from it")))
    columns, extras = _map_header(raw, log)
    if log.problems and not columns:
        return log
    # a column named as a time: the date-time itself (Unix times allowed) when
    # there is no date column, else the time of day of each date
    clock = None
    if "time" in columns:
        if "date" in columns:
            clock = columns.pop("time")
        else:
            columns["date"] = columns.pop("time")
    found = set(columns)
    if layout is not None and layout not in LAYOUTS:
        log.problems.append(Problem(raw.name, None, None, layout,
                                    M_("is not a layout: use one of {layouts}",
                                       layouts=", ".join(LAYOUTS))))
        return log
    chosen = layout or detect_layout(found)
    if chosen is None:
        log.problems.append(Problem(
            raw.name, 1, None, None,
            M_("has no recognisable contact-log columns: found {found}; a log needs date + "
               "source + target (pairwise), date + event + actor/participants (attendance), "
               "or date + recorded_by + actor (worker). Headers may be Italian (Data, Attore 1, "
               "Attore 2, Evento, Partecipanti, Operatore, Attore)",
               found=", ".join(repr(h) for h in raw.header) or "-")))
        return log
    log.layout = chosen
    need = list(_REQUIRED[chosen])
    if chosen == "attendance" and not ({"actor", "participants"} & found):
        need.append("actor")
    missing = [c for c in need if c not in found]
    if missing:
        log.problems.append(Problem(raw.name, 1, None, None,
                                    M_("lacks the column(s) {columns} that the {layout} "
                                       "layout needs", columns=", ".join(missing),
                                       layout=chosen)))
        return log
    frame = pd.DataFrame({canon: _clean(raw.cells[i]) for canon, i in columns.items()})
    frame["row"] = raw.rows
    for header, i in extras.items():
        frame[header] = _extra(raw.cells[i], frame.index)
    heads = {canon: raw.header[i] for canon, i in columns.items()}
    timestamps = contact_column(heads["date"]) == "time"
    if clock is not None:
        frame["time"] = _clean(raw.cells[clock])
        heads["time"] = raw.header[clock]
    bad = _validate(frame, heads, raw.name, log, timestamps=timestamps, dayfirst=dayfirst,
                    timezone=timezone)
    if "time" in frame:
        frame = frame.drop(columns="time")
    if bad.any():
        frame = frame[~bad]
    if chosen == "pairwise":
        inter = frame
    elif chosen == "worker":
        inter = frame.assign(source=frame["recorded_by"], target=frame["actor"])
    else:
        plain = {c: frame[c].astype(object) for c in frame.columns
                 if isinstance(frame[c].dtype, pd.CategoricalDtype)}
        inter = _attendance_pairs(frame.assign(**plain), heads, raw.name, log,
                                  current(large_events, large_event_size))
    # one category, not a million copies of the file name
    inter = inter.assign(file=pd.Categorical.from_codes(np.zeros(len(inter), dtype=np.int8),
                                                        categories=[raw.name]))
    log.problems.sort(key=lambda p: (p.row or 0))
    log.warnings.sort(key=lambda p: (p.row or 0))
    log.interactions = inter.drop(columns=[c for c in ("actor", "participants")
                                           if c in inter], errors="ignore")
    return log


# ---------------------------------------------------------------------------
def _map_header(raw: RawTable, log: ParsedLog) -> tuple[dict[str, int], dict[str, int]]:
    columns: dict[str, int] = {}
    extras: dict[str, int] = {}
    for i, head in enumerate(raw.header):
        canon = contact_column(head) if head else None
        if canon is None:
            if not head:
                codes, uniques = distinct(raw.cells[i])  # categorical or not
                if np.append([_is_blank(u) for u in uniques], True)[codes].all():
                    continue
                head = f"column {i + 1}"
            if head in extras or head in raw.header[:i]:
                log.problems.append(Problem(raw.name, 1, head, None,
                                            M_("appears twice in the header")))
                continue
            extras[head] = i
            continue
        if canon in columns:
            log.problems.append(Problem(
                raw.name, 1, head, None,
                M_("means the same as column {other} ({canonical}); keep only one of them",
                   other=repr(raw.header[columns[canon]]), canonical=canon)))
            continue
        columns[canon] = i
    return columns, extras


def _extra(col: pd.Series, index: pd.Index) -> object:
    """A column outside the schema, kept as its cells: the CSV reader's text
    (a categorical of strings, every cell given) as Python strings without
    pandas guessing a dtype for them (they leave as objects anyway)."""
    values = col.to_numpy()
    if isinstance(col.dtype, pd.CategoricalDtype) and not col.isna().any() and \
            pd.api.types.infer_dtype(col.cat.categories, skipna=False) == "string":
        return pd.Series(values, index=index, dtype=object, copy=False)
    return values


def _is_blank(v: object) -> bool:
    return v is None or v is pd.NA or pd.NaT is v or (isinstance(v, float) and np.isnan(v)) or \
        (isinstance(v, str) and not v.strip())


def _clean(col: pd.Series) -> pd.Series:
    """Strip text cells; blanks become None; spreadsheet values stay typed.

    A categorical column (the CSV reader's) is cleaned over its distinct
    values and stays categorical: spellings equal once stripped share one
    category, blanks become missing."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes, uniques = distinct(col)
        stripped = [v.strip() if isinstance(v, str) else v for v in uniques]
        new_codes, cats = pd.factorize(pd.Index(stripped, dtype=object), use_na_sentinel=True)
        if pd.api.types.infer_dtype(cats, skipna=False) == "string":  # the CSV reader's
            blank = np.asarray(cats, dtype=object) == ""  # stripped: blank is empty
        else:
            blank = np.fromiter((_is_blank(v) for v in cats), dtype=bool, count=len(cats))
        compact = np.cumsum(~blank) - 1
        compact[blank] = -1
        remap = np.append(np.where(new_codes >= 0, compact[np.maximum(new_codes, 0)], -1), -1)
        return pd.Series(pd.Categorical.from_codes(
            remap[codes], categories=pd.Index(cats[~blank], dtype=object)), index=col.index)
    if pd.api.types.is_datetime64_any_dtype(col.dtype) or (
            pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(
                col.dtype)):
        return col  # typed cells (Parquet, DataFrames): NaN / NaT are the blanks
    if pd.api.types.is_string_dtype(col) and col.dtype != object:
        # text read by pyarrow stays Arrow strings (no per-cell Python objects);
        # blanks become missing
        text = col.str.strip()
        return text.where(text.ne(""))
    out = col.astype(object).map(lambda v: v.strip() if isinstance(v, str) else v)
    return out.where(~out.map(_is_blank), None) if len(out) else out


_WHOLE = re.compile(r"^\s*[+-]?\d+\s*$")


def headerless_sensor_log(raw: RawTable) -> RawTable:
    """A sensor log of ``t i j`` lines without a header, read as one.

    Sensor data sets (SocioPatterns and the like) are often plain text with
    three whole numbers a line: time, badge, badge. When a table's "header"
    is three whole numbers and so is every row's first three cells, the
    header is the first record and the columns are ``t``, ``i`` and ``j``
    (time, source, target); any other table is returned unchanged.

    Examples
    --------
    >>> raw = RawTable("tij.dat", ["20", "1157", "1232"],
    ...                pd.DataFrame({0: ["40"], 1: ["140"], 2: ["1157"]}), np.array([2]))
    >>> out = headerless_sensor_log(raw)
    >>> out.header, out.cells[1].tolist(), out.rows.tolist()
    (['t', 'i', 'j'], ['1157', '140'], [1, 2])
    """
    header = [str(h) for h in raw.header]
    if len(header) != 3 or not all(_WHOLE.match(h) for h in header) or raw.cells.shape[1] != 3:
        return raw
    for k in range(3):
        col = raw.cells[raw.cells.columns[k]]
        text = col.astype(str) if col.dtype != object else col.map(str)
        if len(col) and not text.str.fullmatch(r"\s*[+-]?\d+(?:\.0)?\s*").all():
            return raw
    first = pd.DataFrame([header], columns=raw.cells.columns, dtype=object)
    cells = pd.concat([first, raw.cells.astype(object)], ignore_index=True)
    rows = np.concatenate([[int(raw.rows[0]) - 1 if len(raw.rows) else 1], raw.rows])
    return replace(raw, header=["t", "i", "j"], cells=cells, rows=rows)


def _validate(frame: pd.DataFrame, heads: dict[str, str], file: str,
              log: ParsedLog, *, timestamps: bool = False, dayfirst: bool | None = None,
              timezone: str | None = None) -> np.ndarray:
    """Record every bad cell; return the mask of rows that cannot be used."""
    bad = np.zeros(len(frame), dtype=bool)
    rows = frame["row"].to_numpy()

    def flag(mask: np.ndarray, column: str, values: pd.Series, reasons) -> None:
        nonlocal bad
        idx = np.flatnonzero(mask)
        for j in idx:
            reason = reasons if isinstance(reasons, str) else reasons.iat[j]
            value = values.iat[j]
            log.problems.append(Problem(file, int(rows[j]), heads[column],
                                        None if _is_blank(value) else value, reason))
        bad |= mask

    written = frame["date"]
    if timestamps:
        timezone_of(timezone)  # an unknown zone is one error, not one per row
    parsed = parse_date_column(written, dayfirst=dayfirst, timestamps=timestamps,
                               timezone=timezone)
    dates, why = parsed.dates, parsed.reasons
    missing = dates.isna().to_numpy().copy()
    if parsed.unix in ("s", "ms"):
        log.timezone = str(timezone_of(timezone))
    if parsed.unix_like:
        # a whole-column problem: said once, with the fix, not once per row
        numbers = missing & written.notna().to_numpy()
        first = int(np.flatnonzero(numbers)[0])
        others = int(numbers.sum()) - 1
        if others == 0:
            reason = M_("looks like a Unix time (seconds since 1970), not a date. If it is, "
                        "rename the column to 'timestamp' (or 'time', 'datetime', 'data e ora') "
                        "and reterete reads it as a date-time in your time zone (choose it with "
                        "--timezone, e.g. --timezone Europe/Rome).")
        elif others == 1:
            reason = M_("and 1 other number of this column look like Unix times (seconds since "
                        "1970), not dates. If they are, rename the column to 'timestamp' (or "
                        "'time', 'datetime', 'data e ora') and reterete reads them as "
                        "date-times in your time zone (choose it with --timezone, e.g. "
                        "--timezone Europe/Rome).")
        else:
            reason = M_("and {count} other numbers of this column look like Unix times "
                        "(seconds since 1970), not dates. If they are, rename the column to "
                        "'timestamp' (or 'time', 'datetime', 'data e ora') and reterete reads "
                        "them as date-times in your time zone (choose it with --timezone, e.g. "
                        "--timezone Europe/Rome).", count=others)
        log.problems.append(Problem(file, int(rows[first]), heads["date"], written.iat[first],
                                    reason))
        bad |= numbers
        missing &= ~numbers
    flag(missing, "date", written, why)
    if parsed.ambiguous is not None:
        log.warnings.append(ambiguity_warning(file, heads["date"], parsed.ambiguous))
    if "time" in frame:
        offset, late = parse_times_of_day(frame["time"])
        flag(late.notna().to_numpy() & ~bad, "time", frame["time"], late)
        has = offset.notna().to_numpy()
        if has.any():
            already = has & (dates.dt.normalize() != dates).to_numpy()
            flag(already & ~bad, "time", frame["time"], M_(
                "is a time of day, but the date of this row already has one: keep one of "
                "the two"))
            dates = dates.where(~has, dates.dt.normalize() + offset)
    frame["date"] = dates
    # only the columns the layout needs may not be blank: an optional column
    # (recorded_by in a pairwise log, say) may be left empty on some rows
    required = [c for c in _REQUIRED[log.layout] if c != "date"]
    if log.layout == "attendance":
        required.append("actor")
    for col in required:
        if col in frame and not (col == "actor" and "participants" in frame):
            empty = frame[col].isna().to_numpy()
            flag(empty, col, frame[col], M_("is empty: every contact needs this"))
    if "participants" in frame and "actor" in frame:
        both_empty = frame["participants"].isna().to_numpy() & frame["actor"].isna().to_numpy()
        flag(both_empty, "actor", frame["actor"], M_("is empty: who was present?"))
    elif "participants" in frame:
        flag(frame["participants"].isna().to_numpy(), "participants", frame["participants"],
             M_("is empty: who was present?"))
    for col in ("source", "target", "actor", "recorded_by"):
        if col in frame:
            hidden = _per_value(frame[col], _invisible)
            if hidden.any():
                flag(hidden, col, frame[col].astype(object).map(_spell_out),
                     M_("is made only of invisible characters: write the actor's name"))
    for col in ("source", "target", "actor", "participants", "recorded_by", "site", "kind",
                "event"):
        if col in frame:
            forbidden = _per_value(frame[col], _xml_forbidden)
            if forbidden.any():
                flag(forbidden, col, frame[col].astype(object).map(_show_forbidden),
                     M_("holds a control character (shown as U+....) that network files "
                        "(GEXF, GraphML) cannot hold: delete it from the cell"))
        if col in frame:
            too_long = _per_value(frame[col], _too_long)
            if too_long.any():
                flag(too_long, col, frame[col].astype(object).map(_cut),
                     TOO_LONG_REASON)
    for col, positive in (("duration_min", False), ("weight", True)):
        if col in frame:
            values, reason_mask = _numbers(frame[col], positive)
            ambiguous = _per_value(frame[col], _thousands)
            flag(ambiguous, col, frame[col],
                 M_("is ambiguous: with a point before three digits it reads as thousands in "
                    "Italian (1.500 = fifteen hundred) and as a decimal in English (1.5). "
                    "Write it without the point (1500) or with a comma for decimals (1,5)"))
            flag(reason_mask & ~ambiguous, col, frame[col],
                 M_("must be a positive number") if positive else
                 M_("must be a number of minutes (0 or more)"))
            frame[col] = values
    return bad


def ambiguity_warning(file: str, column: str, amb: dict) -> Problem:
    """The warning for a date column that reads both day-first and month-first
    (``amb`` is :attr:`~reterete.ingest.dates.DateColumn.ambiguous`)."""
    (d0, d1), (m0, m1) = amb["dayfirst"], amb["monthfirst"]
    return Problem(file, None, column, amb["example"], M_(
        "and every other date of this column read both day-first and month-first. "
        "reterete read them day-first, as always: from {df_first} to {df_last}. Read "
        "month-first they would run from {mf_first} to {mf_last}, which looks more "
        "likely for a log. If the dates are month-first (as in the United States), run "
        "again with --monthfirst; --dayfirst keeps the day-first reading and silences "
        "this warning", df_first=d0.date().isoformat(), df_last=d1.date().isoformat(),
        mf_first=m0.date().isoformat(), mf_last=m1.date().isoformat()))


_THOUSANDS = re.compile(r"\s*\d{1,3}(?:\.\d{3})+\s*")
_INVISIBLE = ("Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me", "Co", "Cn")


def _thousands(v: object) -> bool:
    """'1.500': thousands in Italian, one and a half in English."""
    return isinstance(v, str) and _THOUSANDS.fullmatch(v) is not None


def _invisible(v: object) -> bool:
    """A name with characters, none of which shows (zero-width space, U+202E ...).

    >>> _invisible("\u200b\u200b"), _invisible(" \t"), _invisible("Ada"), _invisible("")
    (True, True, False, False)
    """
    import unicodedata

    if not isinstance(v, str) or not v:
        return False
    if v.isascii():  # only controls and spaces are invisible in ASCII (Cc, Zs)
        return not v.strip(_ASCII_INVISIBLE)
    return all(unicodedata.category(ch) in _INVISIBLE for ch in v)


_ASCII_INVISIBLE = "".join(map(chr, range(0x21))) + "\x7f"


#: Characters XML 1.0 forbids (GEXF and GraphML are XML): C0 controls but tab,
#: newline and carriage return, lone surrogates, U+FFFE and U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


#: The most characters a spreadsheet cell holds (Excel and LibreOffice): a
#: longer name or site would be cut in every XLSX written, so ``check`` refuses it.
CELL_LIMIT = 32_767
TOO_LONG_REASON = M_("is longer than 32,767 characters, more than a spreadsheet cell "
                     "(Excel, LibreOffice) can hold: shorten it")


def _too_long(v: object) -> bool:
    """A text longer than a spreadsheet cell holds.

    >>> _too_long("a" * 32_767), _too_long("a" * 32_768)
    (False, True)
    """
    return isinstance(v, str) and len(v) > CELL_LIMIT


def _cut(v: object) -> object:
    """A too-long value as a message shows it: its start and how long it is."""
    if _too_long(v):
        return f"{v[:40]}..."
    return v


def _xml_forbidden(v: object) -> bool:
    """A cell no XML file can hold (see docs/DESIGN.md: refused by check).

    >>> _xml_forbidden("Ada\x0bRossi"), _xml_forbidden("Ada\tRossi"), _xml_forbidden("\uffff")
    (True, False, True)
    """
    return isinstance(v, str) and _XML_FORBIDDEN.search(v) is not None


def _show_forbidden(v: object) -> object:
    """The cell with each forbidden character written as its code point."""
    if isinstance(v, str) and _XML_FORBIDDEN.search(v):
        return _XML_FORBIDDEN.sub(lambda m: f"U+{ord(m.group()):04X}", v)
    return v


def _spell_out(v: object) -> object:
    """An invisible name as its code points, so a person sees what is there."""
    if isinstance(v, str) and _invisible(v):
        return " ".join(f"U+{ord(ch):04X}" for ch in v)
    return v


def _per_value(col: pd.Series, test) -> np.ndarray:
    """``test`` over a column's distinct values, as a row mask."""
    if pd.api.types.is_numeric_dtype(col.dtype) and not isinstance(col.dtype,
                                                                     pd.CategoricalDtype):
        return np.zeros(len(col), dtype=bool)
    if len(col) <= SMALL:  # an entry logged in the app: per row beats pandas' set-up
        return np.fromiter((not is_missing(v) and bool(test(v)) for v in col.tolist()),
                           dtype=bool, count=len(col))
    codes, uniques = distinct(col)
    hits = np.fromiter((bool(test(u)) for u in uniques), dtype=bool, count=len(uniques))
    return np.append(hits, False)[codes]


def _numbers(col: pd.Series, positive: bool) -> tuple[pd.Series, np.ndarray]:
    if isinstance(col.dtype, pd.CategoricalDtype):  # over the distinct values
        codes, uniques = distinct(col)
        values, bad = _numbers(pd.Series(uniques, dtype=object), positive)
        values = np.append(values.to_numpy(dtype=float), np.nan)[codes]
        return pd.Series(values, index=col.index, copy=False), np.append(bad, False)[codes]
    if pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        text = col
    elif pd.api.types.is_string_dtype(col) and col.dtype != object:
        text = col.str.replace(",", ".", regex=False).str.replace(" ", "", regex=False)
    else:
        text = col.map(lambda v: v.replace(",", ".").replace(" ", "") if isinstance(v, str)
                       else v)
    values = pd.to_numeric(text, errors="coerce")
    given = col.notna().to_numpy()
    ok = values.notna().to_numpy() & np.isfinite(values.fillna(0).to_numpy(dtype=float))
    ok &= (values.fillna(1) > 0).to_numpy() if positive else (values.fillna(0) >= 0).to_numpy()
    return values.astype(float), given & ~ok


def _attendance_pairs(frame: pd.DataFrame, heads: dict[str, str], file: str,
                      log: ParsedLog, large: tuple[str | None, int] = (None, 500)
                      ) -> pd.DataFrame:
    """Tie every pair of actors present at the same event (event + date).

    Events with more than ``large[1]`` participants are counted as the
    policy ``large[0]`` says, decided before any pair is built."""
    people = []
    if "participants" in frame:
        listed = frame["participants"].map(
            lambda v: [p for p in _SPLIT.split(v) if p] if isinstance(v, str) else [])
        people.append(frame.assign(actor=listed).explode("actor"))
    if "actor" in frame:
        one = frame[frame["actor"].notna()]
        if "participants" in frame:
            one = one[one["participants"].isna()]
        people.append(one)
    long = pd.concat(people, ignore_index=True) if people else frame.iloc[:0]
    long = long[long["actor"].notna()]
    long = long.assign(actor=long["actor"].astype(str).str.strip())
    hidden = _per_value(long["actor"], _invisible)
    if hidden.any() and "participants" in frame:
        for row, name in zip(long["row"].to_numpy()[hidden], long["actor"].to_numpy()[hidden],
                             strict=True):
            log.problems.append(Problem(file, int(row), heads["participants"],
                                        _spell_out(name), M_(
                                            "lists a name made only of invisible characters: "
                                            "write the actor's name")))
        long = long[~hidden]
    long["actor_id"] = normalize_series(long["actor"])
    long["event_id"] = normalize_series(long["event"])
    key = ["event_id", "date"]
    dup = long.duplicated(key + ["actor_id"], keep="first").to_numpy()
    for row, name in zip(long["row"].to_numpy()[dup], long["actor"].to_numpy()[dup],
                         strict=True):
        log.warnings.append(Problem(file, int(row), heads.get("actor", heads.get(
            "participants")), name, M_("is listed twice at the same event: counted once")))
    long = long[~dup]
    out_cols = [c for c in frame.columns if c not in ("actor", "participants")]
    sizes = long.groupby(key, sort=False)["actor_id"].transform("size").to_numpy()
    alone = sizes == 1
    for row, ev in zip(long["row"].to_numpy()[alone], long["event"].to_numpy()[alone],
                       strict=True):
        log.warnings.append(Problem(file, int(row), heads["event"], ev,
                                    M_("has only one participant recorded: no tie comes "
                                       "from it")))
    long = long[sizes > 1]
    long, star = _large_events(long, key, heads, file, log, large)
    if long.empty and star is None:
        return pd.DataFrame(columns=out_cols + ["source", "target"])
    if long.empty:
        return star
    long = long.sort_values(key + ["row"], kind="stable")
    group = long.groupby(key, sort=False).ngroup().to_numpy()
    # event attributes: the first row of the event that gives them
    ev_attrs = long.groupby(group, sort=False)[[c for c in out_cols if c not in
                                                ("event", "date", "row")]].first()
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    ends = np.r_[starts[1:], len(group)]
    i_idx, j_idx = [], []
    for s, e in zip(starts, ends, strict=True):
        a, b = np.triu_indices(e - s, k=1)
        i_idx.append(a + s)
        j_idx.append(b + s)
    i_all, j_all = np.concatenate(i_idx), np.concatenate(j_idx)
    names = long["actor"].to_numpy()
    rows = long["row"].to_numpy()
    pairs = pd.DataFrame({
        "date": long["date"].to_numpy()[i_all],
        "event": long["event"].to_numpy()[i_all],
        "source": names[i_all], "target": names[j_all],
        "row": np.minimum(rows[i_all], rows[j_all]),
    })
    attrs = ev_attrs.reindex(group[i_all]).reset_index(drop=True)
    for col in attrs.columns:
        pairs[col] = attrs[col].to_numpy()
    if star is not None:
        pairs = pd.concat([pairs, star], ignore_index=True)
    return pairs


def _large_events(long: pd.DataFrame, key: list[str], heads: dict[str, str], file: str,
                  log: ParsedLog, large: tuple[str | None, int]
                  ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Take the events over the size limit out of ``long``; say so, or star them."""
    policy, limit = large
    sizes = long.groupby(key, sort=False)["actor_id"].transform("size").to_numpy()
    big = sizes > limit
    if not big.any() or policy == "keep":
        return long, None
    crowd = long[big]
    column = heads["event"]
    for (_, _), ev in crowd.groupby(key, sort=False):
        n = len(ev)
        row = int(ev["row"].min())
        name = ev["event"].iloc[0]
        params = {"n": f"{n:,}", "limit": f"{limit:,}", "pairs": f"{n * (n - 1) // 2:,}"}
        if policy is None:
            log.problems.append(Problem(file, row, column, name, M_(
                "has {n} participants, over {limit}: tying every pair would make {pairs} "
                "ties. Choose how to count it with --large-events keep (every pair), skip "
                "(no ties) or star (each participant tied to one node for the event)",
                **params)))
        elif policy == "skip":
            log.warnings.append(Problem(file, row, column, name, M_(
                "has {n} participants, over {limit}: left out, as --large-events skip asks",
                **params)))
        else:
            log.warnings.append(Problem(file, row, column, name, M_(
                "has {n} participants, over {limit}: each is tied to one node for the event "
                "({n} ties instead of {pairs}), as --large-events star asks", **params)))
    rest = long[~big]
    if policy != "star":
        return rest, None
    names = [event_node_name(e, d) for e, d in zip(crowd["event"], crowd["date"],
                                                   strict=True)]
    star = crowd.drop(columns=[c for c in ("actor_id", "event_id", "actor", "participants")
                               if c in crowd]).assign(source=crowd["actor"].to_numpy(),
                                                      target=names)
    # every row of the event carries the event's attributes (its first row that gives them)
    attr_cols = [c for c in star.columns if c not in ("event", "date", "row", "source",
                                                      "target")]
    if attr_cols:
        firsts = crowd.sort_values("row", kind="stable").groupby(key, sort=False)[
            attr_cols].first()
        idx = pd.MultiIndex.from_frame(crowd[key])
        for col in attr_cols:
            star[col] = firsts[col].reindex(idx).to_numpy()
    return rest, star.reset_index(drop=True)
