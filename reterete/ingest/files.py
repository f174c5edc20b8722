"""Reading one file (or DataFrame) into a raw table of cells, rows numbered
as the spreadsheet numbers them (header = row 1).

CSV: ``,`` ``;`` or tab, UTF-8 (with or without BOM) or Windows-1252 /
Latin-1; XLSX and ODS through python-calamine (real date cells kept as
dates); Parquet through pyarrow; pandas DataFrames as they are.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem

__all__ = ["RawTable", "read_raw", "Limits", "LIMITS"]


@dataclass(frozen=True)
class Limits:
    """Size limits for one input file; beyond them the file is refused with a
    clear error instead of exhausting the machine. Change them with the
    environment variables ``RETERETE_MAX_FILE_MB``, ``RETERETE_MAX_COLUMNS``,
    ``RETERETE_MAX_CELL_CHARS`` and ``RETERETE_MAX_UNZIPPED_MB``."""

    file_mb: float = 2048.0
    columns: int = 500
    cell_chars: int = 100_000
    unzipped_mb: float = 2048.0
    zip_ratio: float = 200.0

    @classmethod
    def from_env(cls) -> Limits:
        def num(name: str, default: float) -> float:
            try:
                return float(os.environ.get(name, default))
            except ValueError:
                return default

        return cls(num("RETERETE_MAX_FILE_MB", cls.file_mb),
                   int(num("RETERETE_MAX_COLUMNS", cls.columns)),
                   int(num("RETERETE_MAX_CELL_CHARS", cls.cell_chars)),
                   num("RETERETE_MAX_UNZIPPED_MB", cls.unzipped_mb))


LIMITS = Limits()


@dataclass
class RawTable:
    """Cells of one sheet: ``header`` as written, ``cells`` positional columns
    (``0 .. n-1``, object dtype: str, or date / number from spreadsheets),
    ``rows`` the spreadsheet row number of each record."""

    name: str
    header: list[str]
    cells: pd.DataFrame
    rows: np.ndarray
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    separator: str | None = None


def read_raw(source: object, *, name: str | None = None, limits: Limits | None = None
             ) -> RawTable:
    """Read a path or DataFrame into a :class:`RawTable`.

    A problem that stops the whole file (not a table, wrong encoding, too big)
    comes back as the table's only problem, with an empty table.
    """
    limits = limits or Limits.from_env()
    if isinstance(source, pd.DataFrame):
        return _from_frame(source, name or "<table>")
    path = Path(os.fspath(source))
    label = name or path.name
    if not path.exists():
        return _fail(label, "file not found")
    if path.is_dir():
        return _fail(label, "is a folder, not a file")
    size = path.stat().st_size
    if size > limits.file_mb * 2**20:
        return _fail(label, f"is {size / 2**20:.0f} MB, over the limit of {limits.file_mb:.0f} "
                            "MB (raise RETERETE_MAX_FILE_MB to allow it)")
    if size == 0:
        return _fail(label, "is empty")
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head.startswith(b"PAR1") or suffix == ".parquet":
        return _read_parquet(path, label)
    if head.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"):
        return _read_spreadsheet(path, label, head, limits)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_spreadsheet(path, label, head, limits)
    return _read_csv(path, label, limits)


# --------------------------------------------------------------------- helpers
def _fail(label: str, reason: str, value: object = None) -> RawTable:
    return RawTable(label, [], pd.DataFrame(), np.zeros(0, dtype=np.int64),
                    [Problem(label, None, None, value, reason)])


def _from_frame(frame: pd.DataFrame, label: str) -> RawTable:
    header = [str(c) for c in frame.columns]
    cells = pd.DataFrame({i: frame.iloc[:, i].astype(object) for i in range(frame.shape[1])})
    cells = cells.where(cells.notna(), None)
    rows = np.arange(2, len(frame) + 2, dtype=np.int64)
    return RawTable(label, header, cells, rows)


def _read_parquet(path: Path, label: str) -> RawTable:
    import pyarrow.parquet as pq

    try:
        frame = pq.read_table(path).to_pandas()
    except Exception as exc:  # pyarrow raises many types for broken files
        return _fail(label, f"could not be read as Parquet ({_short(exc)})")
    return _from_frame(frame, label)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _read_spreadsheet(path: Path, label: str, head: bytes, limits: Limits) -> RawTable:
    if head.startswith(b"PK"):
        problem = _check_zip(path, label, limits)
        if problem is not None:
            return problem
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = book.sheet_names
        table = None
        ignored = []
        for sheet_name in sheets:
            rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            if not any(any(_filled(v) for v in r) for r in rows):
                continue
            if table is None:
                table = (sheet_name, rows)
            else:
                ignored.append(sheet_name)
    except Exception as exc:
        return _fail(label, f"could not be read as a spreadsheet ({_short(exc)}); "
                            "is it a real XLSX/ODS file and not damaged?")
    if table is None:
        return _fail(label, "has no data in any sheet")
    sheet_name, rows = table
    raw = _from_rows(label, rows, limits)
    if ignored:
        raw.warnings.append(Problem(label, None, None, ", ".join(ignored),
                                    f"other sheets with data were not read; only sheet "
                                    f"{sheet_name!r} was (put each log in its own file)"))
    return raw


def _check_zip(path: Path, label: str, limits: Limits) -> RawTable | None:
    """Refuse damaged archives and ZIP bombs before any decompression."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return _fail(label, f"is a damaged or truncated spreadsheet ({_short(exc)})")
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > limits.unzipped_mb * 2**20 or (total > 50 * 2**20
                                                 and total / packed > limits.zip_ratio):
        return _fail(label, f"unpacks to {total / 2**20:.0f} MB: refused as a possible ZIP bomb "
                            "(raise RETERETE_MAX_UNZIPPED_MB if the file is genuine)")
    return None


def _filled(v: object) -> bool:
    return not (v is None or (isinstance(v, str) and not v.strip()))


def _from_rows(label: str, rows: list[list[object]], limits: Limits,
               numbers: list[int] | None = None) -> RawTable:
    """Build a RawTable from rows of cells; the first non-empty row is the header."""
    numbers = numbers if numbers is not None else list(range(1, len(rows) + 1))
    start = next((i for i, r in enumerate(rows) if any(_filled(v) for v in r)), None)
    if start is None:
        return _fail(label, "has no data")
    header_cells = list(rows[start])
    while header_cells and not _filled(header_cells[-1]):
        header_cells.pop()
    width = len(header_cells)
    if width > limits.columns:
        return _fail(label, f"has {width} columns, over the limit of {limits.columns} "
                            "(raise RETERETE_MAX_COLUMNS to allow it)")
    header = ["" if v is None else str(v).strip() for v in header_cells]
    problems: list[Problem] = []
    body, body_rows = [], []
    for cells, number in zip(rows[start + 1:], numbers[start + 1:]):
        cells = list(cells)
        extra = [v for v in cells[width:] if _filled(v)]
        if extra:
            problems.append(Problem(label, number, None, extra[0],
                                    f"has {width + len(extra)} filled cells but the header "
                                    f"has {width} columns"))
            continue
        cells = (cells + [None] * width)[:width]
        if not any(_filled(v) for v in cells):
            continue  # an empty row carries nothing
        body.append(cells)
        body_rows.append(number)
    cells_frame = pd.DataFrame(body, columns=range(width), dtype=object) if body else \
        pd.DataFrame({i: pd.Series(dtype=object) for i in range(width)})
    return RawTable(label, header, cells_frame, np.asarray(body_rows, dtype=np.int64), problems)


# ------------------------------------------------------------------------ CSV
_SEPARATORS = (";", ",", "\t", "|")


def _decode(data: bytes, label: str) -> tuple[str | None, str | None, Problem | None]:
    """(text, encoding, problem): UTF-8 (BOM or not), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8"), "utf-8-sig", None
        except UnicodeDecodeError as exc:
            return None, None, _bad_bytes(data, exc, label, "UTF-8 (it starts with a BOM)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", None
        except UnicodeDecodeError as exc:
            return None, None, _bad_bytes(data, exc, label, "UTF-16")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        utf8_error = exc
    # Not UTF-8. If it still holds valid multi-byte UTF-8 sequences, it mixes
    # two encodings and any single reading would corrupt some names.
    import re

    if re.search(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}", data):
        line = data.count(b"\n", 0, utf8_error.start) + 1
        return None, None, Problem(label, line, None, None,
                                   "mixes two text encodings (UTF-8 and Windows-1252): save "
                                   "the file again as 'CSV UTF-8' from the spreadsheet")
    try:
        return data.decode("cp1252"), "cp1252", None
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", None


def _bad_bytes(data: bytes, exc: UnicodeDecodeError, label: str, enc: str) -> Problem:
    line = data.count(b"\n", 0, exc.start) + 1
    return Problem(label, line, None, None, f"is not valid {enc} text")


def _read_csv(path: Path, label: str, limits: Limits) -> RawTable:
    data = path.read_bytes()
    if b"\x00" in data[:1_000_000] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _fail(label, "is not a text table (it contains binary data); save it as CSV, "
                            "XLSX or ODS")
    text, encoding, problem = _decode(data, label)
    if problem is not None:
        return RawTable(label, [], pd.DataFrame(), np.zeros(0, dtype=np.int64), [problem])
    if "\x00" in text:
        return _fail(label, "contains NUL characters (binary data in a text file)")
    if "\ufeff" in text:
        line = text.count("\n", 0, text.index("\ufeff")) + 1
        return RawTable(label, [], pd.DataFrame(), np.zeros(0, dtype=np.int64),
                        [Problem(label, line, None, None,
                                 "contains a byte-order mark in the middle: it looks like "
                                 "several files pasted together; save it again as one CSV")])
    first_line = text.split("\n", 1)[0]
    if len(first_line) > limits.cell_chars * 10:
        return _fail(label, f"has a first line of {len(first_line):,} characters: not a table "
                            "(or one with far too many columns)")
    sep = _sniff_separator(text)
    raw = None
    if '"' not in text and "\n\n" not in text.replace("\r", ""):
        raw = _csv_fast(text, label, sep, limits)
    if raw is None:
        raw = _csv_exact(text, label, sep, limits)
    raw.encoding, raw.separator = encoding, sep
    return raw


def _sniff_separator(text: str) -> str:
    head = text[:65536].split("\n")
    first = next((ln for ln in head if ln.strip()), "")
    counts = {s: first.count(s) for s in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda s: (counts[s], -_SEPARATORS.index(s)))
    return best if counts[best] > 0 else ","


def _csv_fast(text: str, label: str, sep: str, limits: Limits) -> RawTable | None:
    """pyarrow's reader, for the common case of no quotes and no blank lines:
    then record i is line i + 1 exactly."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    header = next(csv.reader([text.split("\n", 1)[0].rstrip("\r")], delimiter=sep))
    if len(header) > limits.columns:
        return None
    bad: list[tuple[int, str, int]] = []

    def on_invalid(row) -> str:
        bad.append((row.number, row.text, row.actual_columns))
        return "skip"

    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1,
                                           block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=sep, quote_char=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError):
        return None  # let the exact reader say what is wrong
    if any(n is None or n < 0 for n, _, _ in bad):
        return None
    bad_lines = {n for n, _, _ in bad}
    n_lines = table.num_rows + len(bad)
    all_rows = np.arange(2, n_lines + 2, dtype=np.int64)
    rows = all_rows[~np.isin(all_rows, np.fromiter(bad_lines, dtype=np.int64))] if bad \
        else all_rows
    if len(rows) != table.num_rows:
        return None
    cells = table.to_pandas()
    cells.columns = range(len(header))
    problems = [Problem(label, n, None, None,
                        f"has {actual} cells but the header has {len(header)} columns")
                for n, row_text, actual in sorted(bad) if row_text.strip(sep + " \r")]
    # rows that are blank or only separators carry nothing
    filled = cells.ne("").any(axis=1).to_numpy() if len(header) else np.zeros(0, bool)
    raw = RawTable(label, [h.strip() for h in header], cells[filled].reset_index(drop=True),
                   rows[filled], problems)
    _check_cell_sizes(raw, limits)
    return raw


def _csv_exact(text: str, label: str, sep: str, limits: Limits) -> RawTable:
    """Python's csv module: slower, but exact row numbers with quoted
    multi-line cells and blank lines."""
    csv.field_size_limit(max(limits.cell_chars * 2, 131072))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=False)
    rows: list[list[object]] = []
    try:
        for record in reader:
            rows.append(record)
            if len(rows) == 1 and len(record) > limits.columns:
                return _fail(label, f"has {len(record)} columns, over the limit of "
                                    f"{limits.columns} (raise RETERETE_MAX_COLUMNS to allow it)")
    except csv.Error as exc:
        return RawTable(label, [], pd.DataFrame(), np.zeros(0, dtype=np.int64),
                        [Problem(label, len(rows) + 1, None, None,
                                 f"could not be read as CSV ({_short(exc)})")])
    raw = _from_rows(label, rows, limits)
    _check_cell_sizes(raw, limits)
    return raw


def _check_cell_sizes(raw: RawTable, limits: Limits) -> None:
    for i in raw.cells.columns:
        col = raw.cells[i]
        try:
            lengths = col.str.len().fillna(0)
        except AttributeError:  # no text in this column (dates or numbers only)
            continue
        over = np.flatnonzero(lengths.to_numpy() > limits.cell_chars)
        for j in over[:20]:
            raw.problems.append(Problem(raw.name, int(raw.rows[j]), raw.header[i] or None,
                                        str(col.iat[j])[:40] + "...",
                                        f"is {lengths.iat[j]:,} characters long, over the "
                                        f"limit of {limits.cell_chars:,}"))
