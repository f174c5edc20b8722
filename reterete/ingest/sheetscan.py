"""The used extent of each sheet of an XLSX or ODS file, found before the sheet is read.

python-calamine builds a sheet as one dense grid from its first to its last
filled cell. One stray value at ``XFD1048576`` next to a three-row table makes
that grid 17 billion cells (a 5 KB file asking for 512 GB); one at column 30,
row 1,048,576 still costs seconds and a gigabyte and a half. This module reads
the sheet's XML as a stream, never the grid, and says how far the filled cells
really go, so :func:`reterete.ingest.files.read_raw` can refuse such a sheet
with a sentence naming the stray cell instead of exhausting the machine.

Time and memory are proportional to the size of the (unpacked) XML, which
the ZIP-bomb check already bounds. For XLSX a cheap first pass over row tags
and two-or-three-letter column names bounds the extent from above; only when
that bound looks too large is every cell looked at (cells holding only a
format, which calamine leaves out, do not count). For ODS the repeated rows
and columns (``table:number-rows-repeated``) are counted without expanding
them.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

__all__ = ["SheetExtent", "scan_xlsx", "scan_ods", "column_letters", "too_sparse"]

_CHUNK = 1 << 24


@dataclass(frozen=True)
class SheetExtent:
    """How far a sheet's filled cells go.

    ``rows`` and ``columns`` are the 1-based number of the last filled row
    and column (0 when the sheet is empty); ``filled`` counts filled cells
    (an upper bound for XLSX, where a cell with a child element counts);
    ``far_cell`` names a cell at the far edge (``"XFD1048576"``), the one to
    show a person. ``exact`` says whether cells holding only a format were
    told apart from filled ones.
    """

    sheet: str
    rows: int
    columns: int
    filled: int
    far_cell: str | None
    exact: bool

    @property
    def cells(self) -> int:
        """Cells of the dense grid calamine would build (first cell at A1, at worst)."""
        return self.rows * self.columns


def column_letters(index: int) -> str:
    """Spreadsheet letters of a 1-based column number.

    >>> column_letters(1), column_letters(27), column_letters(16384)
    ('A', 'AA', 'XFD')
    """
    out = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def too_sparse(extent: SheetExtent, *, max_cells: int, columns: int) -> bool:
    """Whether reading the sheet's dense grid would cost far more than its content.

    True when its last filled column passes ``columns``, when the grid passes
    ``max_cells``, or when the grid is over a million cells and less than a
    tenth of it is filled.
    """
    if extent.columns > columns or extent.cells > max_cells:
        return True
    return extent.cells > 1_000_000 and extent.cells > 10 * extent.filled


# ------------------------------------------------------------------------ XLSX
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_ROW_R = re.compile(rb"<" + _NS + rb"row\b[^>]*?\br=\"(\d+)\"")
_WIDE = re.compile(rb"<" + _NS + rb"c\b[^>]*?\br=\"([A-Z]{2,3})\d")
_CLOSE_C = re.compile(rb"</" + _NS + rb"c>")
_TOKEN = re.compile(rb"<" + _NS + rb"(row|c)\b([^>]*?)(/?)>(</" + _NS + rb"c>)?")
_REF = re.compile(rb"\br=\"([A-Z]{1,3})(\d+)\"")
_ROW_ATTR = re.compile(rb"\br=\"(\d+)\"")


def scan_xlsx(path: str, *, max_cells: int, columns: int, exact: bool = False
              ) -> list[SheetExtent]:
    """The extent of every worksheet of an XLSX file, by sheet name.

    A sheet whose cheap upper bound passes :func:`too_sparse` (or every
    sheet, with ``exact``) is scanned cell by cell for its exact extent; the
    others keep the bound (``exact`` False).
    """
    out = []
    with zipfile.ZipFile(path) as zf:
        for name, member in _xlsx_sheets(zf):
            extent = _bound_xlsx(zf, member, name)
            if exact or too_sparse(extent, max_cells=max_cells, columns=columns):
                extent = _exact_xlsx(zf, member, name)
            out.append(extent)
    return out


def _xlsx_sheets(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    names = set(zf.namelist())
    sheets: list[tuple[str, str]] = []
    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        book = rels = b""
    targets = {}
    for rel in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        tag = rel.group(0)
        rid = re.search(rb"\bId=\"([^\"]+)\"", tag)
        target = re.search(rb"\bTarget=\"([^\"]+)\"", tag)
        if rid and target:
            t = target.group(1).decode("utf-8", "replace")
            t = t.lstrip("/") if t.startswith("/") else "xl/" + t
            targets[rid.group(1)] = t
    for sheet in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        tag = sheet.group(0)
        label = re.search(rb"\bname=\"([^\"]*)\"", tag)
        rid = re.search(rb"\b[\w]+:id=\"([^\"]+)\"", tag)
        member = targets.get(rid.group(1)) if rid else None
        if label and member in names:
            sheets.append((_unescape(label.group(1)), member))
    found = {m for _, m in sheets}
    for member in sorted(names):  # sheets the workbook does not list: scanned all the same
        if member.startswith("xl/worksheets/") and member.endswith(".xml") \
                and member not in found:
            sheets.append((member.rsplit("/", 1)[-1][:-4], member))
    return sheets


def _unescape(raw: bytes) -> str:
    import html

    return html.unescape(raw.decode("utf-8", "replace"))


def _chunks(zf: zipfile.ZipFile, member: str):
    """The member's bytes in pieces cut just after a ``>``, so no tag is split."""
    carry = b""
    with zf.open(member) as fh:
        while True:
            block = fh.read(_CHUNK)
            if not block:
                break
            data = carry + block
            cut = data.rfind(b">") + 1
            if cut == 0:
                carry = data
                continue
            carry = data[cut:]
            yield data[:cut]
    if carry:
        yield carry


def _bound_xlsx(zf: zipfile.ZipFile, member: str, name: str) -> SheetExtent:
    rows = 0
    cols = 0
    filled = 0
    for data in _chunks(zf, member):
        numbers = _ROW_R.findall(data)
        if numbers:
            rows = max(rows, max(map(int, numbers)))
        wide = set(_WIDE.findall(data))
        if wide:
            cols = max(cols, max(_column_index(w) for w in wide))
        filled += len(_CLOSE_C.findall(data))
    if filled and not cols:
        cols = 26  # no two-letter column anywhere: at most Z
    if filled and not rows:
        rows = filled  # rows without numbers: at most one cell each
    return SheetExtent(name, rows, cols, filled, None, False)


def _exact_xlsx(zf: zipfile.ZipFile, member: str, name: str) -> SheetExtent:
    max_row = max_col = filled = 0
    far_row_cell = far_col_cell = None
    row = 0
    col = 0
    for data in _chunks(zf, member):
        for m in _TOKEN.finditer(data):
            kind, attrs, empty, closed = m.groups()
            if kind == b"row":
                r = _ROW_ATTR.search(attrs)
                row = int(r.group(1)) if r else row + 1
                col = 0
                continue
            ref = _REF.search(attrs)
            if ref:
                col = _column_index(ref.group(1))
                row = int(ref.group(2))
            else:
                col += 1
            if empty or closed:  # <c .../> or <c ...></c>: a format, no value
                continue
            filled += 1
            if row > max_row:
                max_row, far_row_cell = row, (row, col)
            if col > max_col:
                max_col, far_col_cell = col, (row, col)
    far = None
    if far_row_cell or far_col_cell:
        # name the cell that stretches the grid most
        r, c = max((far_row_cell or (0, 0), far_col_cell or (0, 0)),
                   key=lambda rc: rc[0] * max_col + rc[1] * max_row)
        far = f"{column_letters(c)}{r}"
    return SheetExtent(name, max_row, max_col, filled, far, True)


# ------------------------------------------------------------------------- ODS
_ODS_TOKEN = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b([^>]*?)(/?)>")
_REPEAT_ROWS = re.compile(rb"table:number-rows-repeated=\"(\d+)\"")
_REPEAT_COLS = re.compile(rb"table:number-columns-repeated=\"(\d+)\"")
_TABLE_NAME = re.compile(rb"table:name=\"([^\"]*)\"")
_VALUE_TYPE = re.compile(rb"office:value-type=")


def scan_ods(path: str) -> list[SheetExtent]:
    """The extent of every table (sheet) of an ODS file.

    A cell is filled when it has a value type or text; repeated empty rows
    and cells (LibreOffice writes a million of them as one element) move the
    position without counting, so a sheet's extent ends at its last filled
    cell.
    """
    out: list[SheetExtent] = []
    with zipfile.ZipFile(path) as zf:
        if "content.xml" not in zf.namelist():
            return out
        name = ""
        row = col = 0
        row_rep = 1
        max_row = max_col = filled = 0
        far = None
        in_cell: tuple[int, int, int] | None = None  # (row, first col, repeat) of an open cell
        cell_has_value = False
        for data in _chunks(zf, "content.xml"):
            pos = 0
            for m in _ODS_TOKEN.finditer(data):
                closing, kind, attrs, empty = m.groups()
                if in_cell is not None and not cell_has_value \
                        and b"<text:" in data[pos:m.start()]:
                    cell_has_value = True
                pos = m.end()
                if kind == b"table":
                    if closing:
                        out.append(SheetExtent(name, max_row, max_col, filled, far, True))
                    else:
                        n = _TABLE_NAME.search(attrs)
                        name = _unescape(n.group(1)) if n else ""
                        row = 0
                        max_row = max_col = filled = 0
                        far = None
                    continue
                if kind == b"table-row":
                    if closing:
                        row += row_rep - 1
                        continue
                    r = _REPEAT_ROWS.search(attrs)
                    row_rep = int(r.group(1)) if r else 1
                    row += 1
                    col = 0
                    if empty:
                        row += row_rep - 1
                    continue
                # a cell
                if closing:
                    if in_cell is not None:
                        if cell_has_value:
                            max_row, max_col, filled, far = _ods_fill(
                                in_cell, row_rep, max_row, max_col, filled, far)
                        in_cell = None
                    continue
                c = _REPEAT_COLS.search(attrs)
                rep = int(c.group(1)) if c else 1
                first = col + 1
                col += rep
                has_value = bool(_VALUE_TYPE.search(attrs))
                if empty:
                    if has_value:
                        max_row, max_col, filled, far = _ods_fill(
                            (row, first, rep), row_rep, max_row, max_col, filled, far)
                    continue
                in_cell = (row, first, rep)
                cell_has_value = has_value
    return out


def _ods_fill(cell, row_rep, max_row, max_col, filled, far):
    row, first, rep = cell
    last_col = first + rep - 1
    last_row = row + row_rep - 1
    filled += rep * row_rep
    if last_row >= max_row or last_col > max_col:
        far = f"{column_letters(last_col)}{last_row}"
    return max(max_row, last_row), max(max_col, last_col), filled, far
