"""Reading one file (or DataFrame) into a raw table of cells, rows numbered
as the spreadsheet numbers them (header = row 1).

CSV: ``,`` ``;`` tab, or spaces (a whitespace-separated text table, as
instruments and research data sets write them), UTF-8 (with or without BOM) or Windows-1252 /
Latin-1; XLSX and ODS through python-calamine (real date cells kept as
dates); Parquet through pyarrow; pandas DataFrames as they are.
"""

from __future__ import annotations

import codecs
import csv
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem
from ..i18n import M_
from .bytescan import ByteFacts, scan

__all__ = ["RawTable", "read_raw", "Limits", "LIMITS"]


@dataclass(frozen=True)
class Limits:
    """Size limits for one input file; beyond them the file is refused with a
    clear error instead of exhausting the machine. Change them with the
    environment variables ``RETERETE_MAX_FILE_MB``, ``RETERETE_MAX_COLUMNS``,
    ``RETERETE_MAX_CELL_CHARS``, ``RETERETE_MAX_UNZIPPED_MB`` and
    ``RETERETE_MAX_SHEET_CELLS`` (the grid of a sheet, from A1 to its last
    filled row and column, read by python-calamine as one block)."""

    file_mb: float = 2048.0
    columns: int = 500
    cell_chars: int = 100_000
    unzipped_mb: float = 2048.0
    zip_ratio: float = 200.0
    sheet_cells: int = 30_000_000

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
                   num("RETERETE_MAX_UNZIPPED_MB", cls.unzipped_mb),
                   cls.zip_ratio,
                   int(num("RETERETE_MAX_SHEET_CELLS", cls.sheet_cells)))


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
    kind = _not_a_file(path, label)
    if kind is not None:
        return kind
    size = path.stat().st_size
    if size > limits.file_mb * 2**20:
        return _fail(label, M_("is {size} MB, over the limit of {limit} MB (raise "
                               "RETERETE_MAX_FILE_MB to allow it)",
                               size=round(size / 2**20), limit=round(limits.file_mb)))
    if size == 0:
        return _fail(label, M_("is empty"))
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
def _not_a_file(path: Path, label: str) -> RawTable | None:
    """Say what ``path`` is when it is not a regular file, without opening it
    (reading a FIFO would wait for ever, /dev/zero never ends)."""
    import errno
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _fail(label, M_("is a symbolic link that leads back to itself (a loop), not "
                                   "a file"))
        if path.is_symlink():
            return _fail(label, M_("is a symbolic link to {target}, which does not exist",
                                   target=os.readlink(path)))
        if exc.errno == errno.ENOTDIR:
            return _fail(label, M_("cannot be found: a part of its path is a file, not a "
                                   "folder"))
        if exc.errno in (errno.EACCES, errno.EPERM):
            return _fail(label, M_("cannot be read: permission denied"))
        return _fail(label, M_("file not found"))
    if stat.S_ISDIR(mode):
        return _fail(label, M_("is a folder, not a file"))
    if stat.S_ISFIFO(mode):
        return _fail(label, M_("is a named pipe (FIFO), not a file: save the data to a file "
                               "and name that"))
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _fail(label, M_("is a device, not a file"))
    if stat.S_ISSOCK(mode):
        return _fail(label, M_("is a socket, not a file"))
    if not stat.S_ISREG(mode):
        return _fail(label, M_("is not a regular file"))
    return None


def _fail(label: str, reason: str, value: object = None) -> RawTable:
    return RawTable(label, [], pd.DataFrame(), np.zeros(0, dtype=np.int64),
                    [Problem(label, None, None, value, reason)])


def _from_frame(frame: pd.DataFrame, label: str) -> RawTable:
    header = [str(c) for c in frame.columns]
    cells = pd.DataFrame({i: _frame_column(frame.iloc[:, i]) for i in range(frame.shape[1])})
    rows = np.arange(2, len(frame) + 2, dtype=np.int64)
    return RawTable(label, header, cells, rows)


def _frame_column(col: pd.Series) -> pd.Series:
    """A DataFrame's (or Parquet file's) column as cells, without a Python
    object per cell: dates and numbers keep their dtype, text becomes
    categorical so that later steps work over its distinct values."""
    col = col.reset_index(drop=True)
    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return col
    if pd.api.types.is_datetime64_any_dtype(dtype) or (
            pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)):
        return col
    try:
        return pd.Series(pd.Categorical(col))
    except TypeError:  # unhashable cells (lists ...): keep them as they are
        out = col.astype(object)
        return out.where(out.notna(), None)


def _read_parquet(path: Path, label: str) -> RawTable:
    import pyarrow.parquet as pq

    try:
        frame = pq.read_table(path).to_pandas()
    except Exception as exc:  # pyarrow raises many types for broken files
        return _fail(label, M_("could not be read as Parquet ({error})", error=_short(exc)))
    return _from_frame(frame, label)


def _short(exc: BaseException) -> str:
    """The first line of a library's error, without any file path in it: the
    file is already named by its label, and a path could be a private
    temporary one (the app's uploads)."""
    import re

    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = re.sub(r"(?<![\\w.])(?:[A-Za-z]:)?[\\/](?:[^\\/\s'\"():,]+[\\/])+"
                  r"[^\\/\s'\"():,]*", "…", text)
    return text[:200]


def _read_spreadsheet(path: Path, label: str, head: bytes, limits: Limits) -> RawTable:
    if head.startswith(b"PK"):
        problem = _check_zip(path, label, limits) or _check_extent(path, label, limits)
        if problem is not None:
            return problem
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = book.sheet_names
        table = None
        ignored = []
        from ..schema import is_template_sheet

        for sheet_name in sheets:
            if is_template_sheet(sheet_name):  # a template's instructions and lists
                continue
            rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
            if not any(any(_filled(v) for v in r) for r in rows):
                continue
            if table is None:
                table = (sheet_name, rows)
            else:
                ignored.append(sheet_name)
    except Exception as exc:
        return _fail(label, M_("could not be read as a spreadsheet ({error}); is it a real "
                               "XLSX/ODS file and not damaged?", error=_short(exc)))
    if table is None:
        return _fail(label, M_("has no data in any sheet"))
    sheet_name, rows = table
    raw = _from_rows(label, rows, limits)
    if ignored:
        raw.warnings.append(Problem(label, None, None, ", ".join(ignored),
                                    M_("other sheets with data were not read; only sheet "
                                       "{sheet} was (put each log in its own file)",
                                       sheet=repr(sheet_name))))
    return raw


def _check_zip(path: Path, label: str, limits: Limits) -> RawTable | None:
    """Refuse damaged archives and ZIP bombs before any decompression."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return _fail(label, M_("is a damaged or truncated spreadsheet ({error})",
                               error=_short(exc)))
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > limits.unzipped_mb * 2**20 or (total > 50 * 2**20
                                                 and total / packed > limits.zip_ratio):
        return _fail(label, M_("unpacks to {size} MB: refused as a possible ZIP bomb (raise "
                               "RETERETE_MAX_UNZIPPED_MB if the file is genuine)",
                               size=round(total / 2**20)))
    return None


def _check_extent(path: Path, label: str, limits: Limits) -> RawTable | None:
    """Refuse a sheet whose filled cells stretch far beyond its content.

    python-calamine builds the whole grid up to the last filled cell; one
    stray value at XFD1048576 would make it 17 billion cells. The sheet's XML
    is scanned first (:mod:`reterete.ingest.sheetscan`), in time and memory
    proportional to the file.
    """
    from ..i18n import _, format_number
    from .sheetscan import column_letters, scan_ods, scan_xlsx, too_sparse

    try:
        with zipfile.ZipFile(path) as zf:
            ods = "content.xml" in zf.namelist() and not any(
                n.startswith("xl/") for n in zf.namelist())
        extents = (scan_ods(str(path)) if ods else
                   scan_xlsx(str(path), max_cells=limits.sheet_cells, columns=limits.columns))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return _fail(label, f"is a damaged or truncated spreadsheet ({_short(exc)})")
    for ext in extents:
        if not too_sparse(ext, max_cells=limits.sheet_cells, columns=limits.columns):
            continue
        far = ext.far_cell or f"{column_letters(ext.columns)}{ext.rows}"
        if ext.columns > limits.columns:
            reason = _("sheet {sheet!r}: a filled cell at {cell} makes the table {columns} "
                       "columns wide, over the limit of {limit}. It looks like a stray entry: "
                       "delete it (and anything else far from the table) and save again, or "
                       "raise RETERETE_MAX_COLUMNS if the columns are real.")
        elif ext.cells > limits.sheet_cells:
            reason = _("sheet {sheet!r}: the filled cells run as far as {cell}, a grid of "
                       "{rows} rows by {columns} columns, over the limit of {limit} cells. "
                       "If {cell} is a stray entry, delete it and save again; else split the "
                       "log into several files or raise RETERETE_MAX_SHEET_CELLS.")
        else:
            reason = _("sheet {sheet!r}: the filled cells run as far as {cell}, a grid of "
                       "{rows} rows by {columns} columns, but only {filled} cells hold "
                       "something. {cell} looks like a stray entry: delete it (and anything "
                       "else far from the table) and save again.")
        limit = limits.columns if ext.columns > limits.columns else limits.sheet_cells
        return _fail(label, reason.format(
            sheet=ext.sheet, cell=far, columns=format_number(ext.columns),
            rows=format_number(ext.rows), filled=format_number(ext.filled),
            limit=format_number(limit)), far)
    return None


def _filled(v: object) -> bool:
    return not (v is None or (isinstance(v, str) and not v.strip()))


def _from_rows(label: str, rows: list[list[object]], limits: Limits,
               numbers: list[int] | None = None, *,
               short_rows_are_errors: bool = False) -> RawTable:
    """Build a RawTable from rows of cells; the first non-empty row is the header.

    A CSV record with fewer cells than the header is an error (as in the fast
    reader), never padded; spreadsheet rows come rectangular."""
    numbers = numbers if numbers is not None else list(range(1, len(rows) + 1))
    start = next((i for i, r in enumerate(rows) if any(_filled(v) for v in r)), None)
    if start is None:
        return _fail(label, M_("has no data"))
    header_cells = list(rows[start])
    while header_cells and not _filled(header_cells[-1]):
        header_cells.pop()
    width = len(header_cells)
    if width > limits.columns:
        return _fail(label, M_("has {n} columns, over the limit of {limit} (raise "
                               "RETERETE_MAX_COLUMNS to allow it)", n=width,
                               limit=limits.columns))
    header = ["" if v is None else str(v).strip() for v in header_cells]
    problems: list[Problem] = []
    body, body_rows = [], []
    for cells, number in zip(rows[start + 1:], numbers[start + 1:], strict=True):
        cells = list(cells)
        extra = [v for v in cells[width:] if _filled(v)]
        if extra:
            problems.append(Problem(label, number, None, extra[0],
                                    M_("has {n} cells but the header has {width} columns",
                                       n=width + len(extra), width=width)))
            continue
        if not any(_filled(v) for v in cells):
            continue  # an empty row carries nothing
        if len(cells) < width and short_rows_are_errors:
            problems.append(Problem(label, number, None, None,
                                    M_("has {n} cells but the header has {width} columns",
                                       n=len(cells), width=width)))
            continue
        cells = (cells + [None] * width)[:width]
        body.append(cells)
        body_rows.append(number)
    cells_frame = pd.DataFrame(body, columns=range(width), dtype=object) if body else \
        pd.DataFrame({i: pd.Series(dtype=object) for i in range(width)})
    return RawTable(label, header, cells_frame, np.asarray(body_rows, dtype=np.int64), problems)


# ------------------------------------------------------------------------ CSV
_SEPARATORS = (";", ",", "\t", "|")
_CHUNK = 1 << 24
_UTF8_BOM = b"\xef\xbb\xbf"


def _valid_utf8(data: bytes | memoryview) -> UnicodeDecodeError | None:
    """Check UTF-8 chunk by chunk, never holding the decoded text of a big file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), _CHUNK):
            decoder.decode(view[start:start + _CHUNK], final=start + _CHUNK >= len(view))
    except UnicodeDecodeError as exc:
        return UnicodeDecodeError(exc.encoding, exc.object, start + exc.start,
                                  start + exc.end, exc.reason)
    return None


#: bytes of a file's start decoded as UTF-8 before the whole file is checked
_PREFIX = 1 << 16


def _is_utf8(data: bytes, facts: ByteFacts) -> bool:
    """Whether ``data`` is UTF-8; fast both ways: ASCII needs no check, a
    Windows-1252 file shows itself within its first accented letters (its
    first 64 KB), and a long valid file is checked by Arrow."""
    if facts.ascii:
        return True
    try:
        codecs.getincrementaldecoder("utf-8")().decode(memoryview(data)[:_PREFIX], final=False)
    except UnicodeDecodeError:
        return False
    return _utf8_ok(data) or _valid_utf8(data) is None


def _utf8_ok(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, checked by Arrow without decoding it
    (:func:`_valid_utf8` then finds where it is not)."""
    import pyarrow as pa

    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    blob = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        blob.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def _encoding(data: bytes, label: str, facts: ByteFacts | None = None
              ) -> tuple[str | None, int, Problem | None]:
    """(encoding, bytes to skip, problem): UTF-8 (BOM or not), UTF-16 with a
    BOM, else Windows-1252 (Latin-1 when it holds bytes cp1252 leaves out)."""
    if data.startswith(_UTF8_BOM):
        error = _valid_utf8(memoryview(data)[3:])
        if error is not None:
            return None, 0, _bad_bytes(data, error.start + 3, label)
        return "utf-8", 3, None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", 0, None
    facts = facts or scan(data)
    if _is_utf8(data, facts):
        return "utf-8", 0, None
    encoding, problem = _single_byte(data, label, facts)
    return encoding, 0, problem


def _single_byte(data: bytes, label: str, facts: ByteFacts) -> tuple[str | None,
                                                                     Problem | None]:
    """(encoding, problem) of a file that is not UTF-8: Windows-1252, or
    Latin-1 when it holds bytes cp1252 leaves out. If it still holds valid
    multi-byte UTF-8 sequences, it mixes two encodings and any single reading
    would corrupt some names: a problem naming the line where UTF-8 fails.

    ``facts`` may be those of the file's cells rather than the whole file
    (:func:`_csv_fast`): both questions are about the bytes of 0x80 and up,
    which are all in the cells, and a separator or line end (ASCII) can be
    neither part of a UTF-8 sequence nor a byte cp1252 leaves out."""
    if facts.utf8_multibyte:
        error = _valid_utf8(data)
        line = data.count(b"\n", 0, error.start if error is not None else 0) + 1
        return None, Problem(label, line, None, None,
                             M_("mixes two text encodings (UTF-8 and Windows-1252): save "
                                "the file again as 'CSV UTF-8' from the spreadsheet"))
    return ("latin-1" if facts.cp1252_holes else "cp1252"), None


def _bare_utf16(data: bytes) -> str | None:
    """``"utf-16-le"`` / ``"utf-16-be"`` when ``data`` is UTF-16 text without a
    byte-order mark (NUL in every other byte of mostly ASCII text), else None."""
    sample = data[:65536]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    n = min(len(even), len(odd))
    zeros_even, zeros_odd = even[:n].count(0), odd[:n].count(0)
    if zeros_odd >= 0.9 * n and zeros_even <= 0.1 * n:
        return "utf-16-le"
    if zeros_even >= 0.9 * n and zeros_odd <= 0.1 * n:
        return "utf-16-be"
    return None


def _bad_bytes(data: bytes, at: int, label: str) -> Problem:
    line = data.count(b"\n", 0, at) + 1
    return Problem(label, line, None, None,
                   M_("is not valid UTF-8 text (it starts with a UTF-8 byte-order mark)"))


def _read_csv(path: Path, label: str, limits: Limits) -> RawTable:
    return read_csv_bytes(path.read_bytes(), label, limits)


def read_csv_bytes(data: bytes, label: str, limits: Limits) -> RawTable:
    """A CSV file's bytes as :func:`read_raw` reads them (a chunk of a big
    file, with its header line, in :mod:`reterete.ingest.chunked`)."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    bare16 = None if utf16 else _bare_utf16(data)
    if bare16 is not None or utf16:
        if len(data) % 2:
            return _fail(label, M_("is UTF-16 text cut in the middle of a character (an odd "
                                   "number of bytes): save it again, as 'CSV UTF-8' if you can"))
    elif b"\x00" in data:
        return _fail(label, M_("is not a text table (it contains binary data, NUL bytes); "
                               "save it as CSV, XLSX or ODS"))
    longest = limits.cell_chars * 10
    first_end = _line_end(data, longest + 1)
    if first_end < 0 or first_end > longest:
        return _fail(label, M_("has a first line longer than {n} characters: not a table (or "
                               "one with far too many columns)", n=longest))
    facts = None if utf16 or bare16 else scan(data)
    decide = None
    if bare16 is not None:  # UTF-16 without a byte-order mark: the NULs say which order
        encoding, skip, problem = bare16, 0, None
    elif not utf16 and not data.startswith(_UTF8_BOM) and not _is_utf8(data, facts):
        # Windows-1252, Latin-1 or a mix with UTF-8: judged from the cells once
        # read (a few thousand distinct values, not every byte), or else from
        # the whole file; cp1252 meanwhile
        encoding, skip, problem = "cp1252", 0, None
        decide = _Decision(data, label, facts)
    else:
        encoding, skip, problem = _encoding(data, label, facts)
    if problem is not None:
        return _problem(label, problem)
    bom = data.find(_UTF8_BOM, 3) if encoding == "utf-8" else -1
    if bom >= 0:
        return _mid_bom(label, data.count(b"\n", 0, bom) + 1)
    head = data[skip:skip + 65536]
    sep = _sniff_separator(head.decode(encoding, errors="ignore"))
    if decide is not None and (sep == " " or sep != _sniff_separator(head.decode("latin-1"))):
        # the two single-byte readings would sniff apart: judge now
        encoding, problem = decide(None)
        if problem is not None:
            return _problem(label, problem)
        sep = _sniff_separator(head.decode(encoding, errors="ignore"))
        decide = None
    if sep == " " and not utf16:
        # runs of spaces or tabs are one separator: collapse them (ASCII in
        # every encoding read here), and the table reads like any other
        data = _collapse_blanks(data, skip)
        skip = 3 if data.startswith(_UTF8_BOM) else 0
        facts = None if utf16 else scan(data)
    raw = None
    body = memoryview(data)[skip:]
    if not encoding.startswith("utf-16") and _fast_ok(body):
        raw = _csv_fast(body, encoding, label, sep, limits, facts, decide=decide)
        if raw is not None and decide is not None:
            encoding, problem = decide(None)  # judged by now, from the cells
            if problem is not None:
                return raw
    if raw is None:
        if decide is not None:
            encoding, problem = decide(None)
            if problem is not None:
                return _problem(label, problem)
        try:
            text = str(body, encoding)
        except UnicodeDecodeError as exc:
            return _fail(label, M_("is not valid {encoding} text (byte {at})",
                                   encoding=encoding.upper(), at=exc.start + skip))
        del body, data
        if "\ufeff" in text:
            return _mid_bom(label, text.count("\n", 0, text.index("\ufeff")) + 1)
        if "\x00" in text:
            return _fail(label, M_("contains NUL characters (binary data in a text file)"))
        raw = _csv_exact(text, label, sep, limits)
    raw.encoding = "utf-8-sig" if skip == 3 else encoding
    raw.separator = sep
    return raw


class _Decision:
    """The encoding of a file that is not UTF-8 (:func:`_single_byte`),
    judged once: from the facts of the cells when given their bytes, else
    from the whole file's."""

    def __init__(self, data: bytes, label: str, facts: ByteFacts):
        self.data, self.label, self.facts = data, label, facts
        self.result: tuple[str | None, Problem | None] | None = None

    def __call__(self, cells: bytes | None) -> tuple[str | None, Problem | None]:
        if self.result is None:
            facts = self.facts if cells is None else scan(cells)
            self.result = _single_byte(self.data, self.label, facts)
        return self.result


def _problem(label: str, problem: Problem) -> RawTable:
    """An empty table whose only problem stops the whole file."""
    return RawTable(label, [], pd.DataFrame(), np.zeros(0, dtype=np.int64), [problem])


def _line_end(data: bytes, stop: int) -> int:
    """Index of the first line break within ``stop`` bytes (file end counts)."""
    ends = [i for i in (data.find(b"\n", 0, stop), data.find(b"\r", 0, stop)) if i >= 0]
    if ends:
        return min(ends)
    return len(data) if len(data) < stop else -1


def _mid_bom(label: str, line: int) -> RawTable:
    return RawTable(label, [], pd.DataFrame(), np.zeros(0, dtype=np.int64),
                    [Problem(label, line, None, None,
                             M_("contains a byte-order mark in the middle: it looks like "
                                "several files pasted together; save it again as one CSV"))])


def _fast_ok(body: memoryview) -> bool:
    """pyarrow numbers records like lines when there are no quotes and a
    header on the first line; blank lines and bare CR line ends are caught
    after reading (the record count then differs from the line count)."""
    data = body.obj if isinstance(body.obj, bytes) else bytes(body)
    return data.find(b'"', len(data) - len(body)) < 0 and bool(bytes(body[:1]).strip())


def _sniff_separator(head: str) -> str:
    """``;`` ``,`` tab or ``|``, whichever the first line holds most of; else
    a space when the first lines split on blanks into the same number (two
    or more) of cells, quotes left aside; else ``,``."""
    lines = head.replace("\r", "\n").split("\n")
    first = next((ln for ln in lines if ln.strip()), "")
    counts = {s: first.count(s) for s in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda s: (counts[s], -_SEPARATORS.index(s)))
    if counts[best] > 0:
        return best
    filled = [ln for ln in lines[:-1] if ln.strip()][:5]  # the last may be cut
    if len(filled) >= 2 and '"' not in "".join(filled):
        widths = {len(ln.split()) for ln in filled}
        if len(widths) == 1 and widths.pop() >= 2:
            return " "
    return ","


def _collapse_blanks(data: bytes, skip: int) -> bytes:
    """A whitespace-separated table with one space between cells: runs of
    spaces and tabs become one space, and none is left at a line's ends.
    A file already written that way (the common case) is returned as is."""
    import re

    body = data[skip:]
    if b"\t" in body or b"  " in body:
        body = re.sub(rb"\t[ \t]*|  [ \t]*", b" ", body)  # only the runs, not every space
    for blank, bare in ((b" \n", b"\n"), (b"\n ", b"\n"), (b" \r", b"\r")):
        if blank in body:
            body = body.replace(blank, bare)
    return data[:skip] + body.strip(b" ")


def _csv_fast(body: memoryview, encoding: str, label: str, sep: str,
              limits: Limits, facts: ByteFacts, *, decide: _Decision | None = None
              ) -> RawTable | None:
    """pyarrow's reader, for the common case of no quotes and one record per
    line: then record i is line i + 1 exactly.

    The bytes go to pyarrow as they are, cells read as binary: separators
    and line ends are ASCII in UTF-8, Windows-1252 and Latin-1 alike, so
    only the distinct cell values are decoded (the encoding was checked on
    the whole file already), never the whole file.

    Blocks are read on every core. A reader working in parallel cannot number
    a bad record, so when the file has one (the rare case) it is read again on
    one thread, which numbers them. Cells come back as categoricals: a log
    repeats the same names, sites and dates, so every later step works on
    the distinct values and gathers by code.

    ``decide``: the file is not UTF-8 and which single-byte encoding it is
    (or whether it mixes encodings) is judged here, from the header and the
    cells' distinct values once read in parallel (``decide`` then holds the
    answer; a mix of encodings comes back as that problem alone).
    """

    first = bytes(body[:_line_end(bytes(body[:limits.cell_chars * 10 + 1]),
                                  limits.cell_chars * 10 + 1)])
    # the width is the same in every single-byte reading (no quotes here)
    header = next(csv.reader([first.decode(encoding if decide is None else "latin-1")
                              .rstrip("\r")], delimiter=sep), [])
    if len(header) > limits.columns:
        if decide is not None and decide(None)[1] is not None:
            return _problem(label, decide(None)[1])
        return _fail(label, M_("has {n} columns, over the limit of {limit} (raise "
                               "RETERETE_MAX_COLUMNS to allow it)", n=len(header),
                               limit=limits.columns))
    # every core, raw bytes, no record may be bad; else one thread numbering
    # the bad records, with text pyarrow can decode for them (UTF-8)
    read = _arrow_read(body, sep, len(header), threads=True)
    columns = None
    if read is not None:
        columns = [col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
                   for col in read[0].unify_dictionaries().columns]
        columns = [(arr.indices, arr.dictionary.to_pylist()) for arr in columns]
    if decide is not None:
        # every byte of 0x80 and up is in the header or a cell
        encoding, problem = decide(None if columns is None else b"\n".join(
            [first, *(v for _, values in columns for v in values)]))
        if problem is not None:
            return _problem(label, problem)
        header = next(csv.reader([first.decode(encoding).rstrip("\r")], delimiter=sep), [])
    cell_encoding = encoding
    if read is None:
        read, cell_encoding = _arrow_read(body, sep, len(header), threads=False,
                                          encoding=encoding), "utf-8"
        if read is not None:
            columns = [col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
                       for col in read[0].unify_dictionaries().columns]
            columns = [(arr.indices, arr.dictionary.to_pylist()) for arr in columns]
    if read is None:
        return None  # let the exact reader say what is wrong
    table, bad = read
    if any(n is None or n < 0 for n, _, _ in bad):
        return None
    # Arrow ends a record at a bare CR too, so a bare CR anywhere but at the
    # very end makes one record more than there are lines
    n_lines = table.num_rows + len(bad)
    last = bytes(body[-1:])
    if n_lines != facts.newlines + (last != b"\n") - 1 or last == b"\r":
        return None  # bare CR line ends: the exact reader numbers them
    all_rows = np.arange(2, n_lines + 2, dtype=np.int64)
    rows = all_rows[~np.isin(all_rows, np.fromiter((n for n, _, _ in bad), dtype=np.int64))] \
        if bad else all_rows
    if len(rows) != table.num_rows:
        return None
    width = len(header)
    problems = []
    for n, _, actual in sorted(bad):
        # the record as the exact reader sees it (no quotes on this path)
        cells = facts.line(n).decode(encoding).rstrip("\r\n").split(sep)
        if not any(_filled(v) for v in cells):
            continue  # a blank record carries nothing
        extra = [v for v in cells[width:] if _filled(v)]
        if actual > width and not extra:
            return None  # only empty cells past the header: the exact reader keeps the row
        problems.append(Problem(label, n, None, extra[0] if extra else None,
                                M_("has {n} cells but the header has {width} columns",
                                   n=width + len(extra) if extra else actual, width=width)))
    if not (len(header) and table.num_rows):
        cells = pd.DataFrame({i: pd.Series(dtype=object) for i in range(len(header))})
        return RawTable(label, [h.strip() for h in header], cells, rows[:0], problems)
    codes, values, lengths, filled = [], [], [], []
    for indices, dictionary in columns:
        codes.append(indices.to_numpy(zero_copy_only=False))
        text = _decode_all(dictionary, cell_encoding)
        values.append(np.array(text, dtype=object))
        size = np.fromiter(map(len, text), dtype=np.int64, count=len(text))
        lengths.append(size)
        # blank: empty or only white space (what str.strip() would empty)
        filled.append((size > 0) & ~np.fromiter(map(str.isspace, text), dtype=bool,
                                                 count=len(text)))
    # rows that are blank or only separators carry nothing (none can be when
    # some column has no blank value)
    keep = None if any(f.all() for f in filled) else np.logical_or.reduce(
        [f[c] for f, c in zip(filled, codes, strict=True)])
    if keep is not None and not keep.all():
        rows = rows[keep]
        codes = [c[keep] for c in codes]
    cells = pd.DataFrame({i: pd.Categorical.from_codes(c, categories=pd.Index(
        v, dtype=object)) for i, (c, v) in
        enumerate(zip(codes, values, strict=True))}, index=pd.RangeIndex(len(rows)))
    over = [n[c] if len(n) and n.max() > limits.cell_chars else np.zeros(0, dtype=np.int64)
            for n, c in zip(lengths, codes, strict=True)]
    raw = RawTable(label, [h.strip() for h in header], cells, rows, problems)
    _check_cell_sizes(raw, limits, over)
    return raw


def _decode_all(cells: list[bytes], encoding: str) -> list[str]:
    """Each cell decoded, in one call for all: cells hold no line break (Arrow
    ends a record at one), so they are joined and split on it.

    >>> _decode_all([b"Caff\\xe8", b"", b"Po"], "cp1252")
    ['Caffè', '', 'Po']
    """
    if not cells:
        return []
    return b"\n".join(cells).decode(encoding).split("\n")


def _arrow_read(body: memoryview, sep: str, width: int, *, threads: bool,
                encoding: str | None = None):
    """(table of dictionary-encoded binary cells, bad records) or None when
    pyarrow refuses the file.

    With ``threads`` the blocks are read in parallel, which cannot number a
    record, so any bad record refuses the file. Without, bad records come
    back as (number, text, cells); ``encoding`` then has pyarrow transcode
    the bytes to UTF-8 first (it decodes a bad record's text as UTF-8)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    bad: list[tuple[int, str, int]] = []

    def on_invalid(row) -> str:
        bad.append((row.number, row.text, row.actual_columns))
        return "skip"

    names = [f"c{i}" for i in range(width)]
    cells = pa.dictionary(pa.int32(), pa.binary())
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, block_size=1 << 22, use_threads=threads,
                encoding="utf8" if encoding in (None, "utf-8") else encoding),
            # an empty line is a record of empty cells, so records keep counting lines
            parse_options=pacsv.ParseOptions(delimiter=sep, quote_char=False,
                                             ignore_empty_lines=False,
                                             invalid_row_handler=None if threads else on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={n: cells for n in names},
                                                 strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError):
        return None
    return table, bad


def _lines(text: str):
    """Lines with their ends, split on line breaks only (what csv.reader wants
    from a file opened with ``newline=""``), without copying the text."""
    if "\n" not in text and "\r" in text:  # old Mac files: CR alone ends a line
        text = text.replace("\r", "\n")
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start)
        end = n if end < 0 else end + 1
        yield text[start:end]
        start = end


def _csv_exact(text: str, label: str, sep: str, limits: Limits) -> RawTable:
    """Python's csv module: slower, but exact row numbers with quoted
    multi-line cells and blank lines."""
    csv.field_size_limit(limits.cell_chars + 1)
    reader = csv.reader(_lines(text), delimiter=sep, strict=True)
    rows: list[list[object]] = []
    try:
        for record in reader:
            rows.append(record)
            if len(rows) == 1 and len(record) > limits.columns:
                return _fail(label, M_("has {n} columns, over the limit of {limit} (raise "
                                       "RETERETE_MAX_COLUMNS to allow it)", n=len(record),
                                       limit=limits.columns))
    except csv.Error as exc:
        row = len(rows) + 1
        if "field larger than field limit" in str(exc):
            reason = M_("has a cell longer than {n} characters (raise RETERETE_MAX_CELL_CHARS "
                        "to allow it)", n=limits.cell_chars)
        elif "unexpected end of data" in str(exc) or "EOF" in str(exc):
            reason = M_("has a quote (\") that is never closed: the rest of the file would be "
                        "one cell")
        else:
            reason = M_("could not be read as CSV ({error})", error=_short(exc))
        return RawTable(label, [], pd.DataFrame(), np.zeros(0, dtype=np.int64),
                        [Problem(label, row, None, None, reason)])
    raw = _from_rows(label, rows, limits, short_rows_are_errors=True)
    _check_cell_sizes(raw, limits)
    return raw


def _check_cell_sizes(raw: RawTable, limits: Limits, lengths: list | None = None) -> None:
    """A problem for each cell over the size limit (20 at most per column)."""
    for i in raw.cells.columns:
        col = raw.cells[i]
        if lengths:
            n = lengths[i]
        else:
            try:
                n = col.str.len().fillna(0).to_numpy()
            except AttributeError:  # no text in this column (dates or numbers only)
                continue
        over = np.flatnonzero(n > limits.cell_chars)
        for j in over[:20]:
            raw.problems.append(Problem(raw.name, int(raw.rows[j]), raw.header[i] or None,
                                        str(col.iat[j])[:40] + "...",
                                        M_("is {n} characters long, over the limit of "
                                           "{limit}", n=int(n[j]), limit=limits.cell_chars)))
