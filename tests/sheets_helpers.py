"""Small spreadsheets built by hand for the hostile-file tests (XLSX via
openpyxl, ODS as raw OpenDocument XML, as LibreOffice writes it)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

_ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
             'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
             'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
             'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
             '<office:body><office:spreadsheet><table:table table:name="Foglio1">')
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
             '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
             '<manifest:file-entry manifest:full-path="/" manifest:media-type='
             '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
             'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '</manifest:manifest>')
_ODS_TAIL = '</table:table></office:spreadsheet></office:body></office:document-content>'


def xlsx_with_stray(path: Path, column: int, row: int, *, value: object = "x") -> Path:
    """A two-row log with one more cell at (row, column); ``value=None`` gives
    that cell only a format, as a careless click does."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["date", "source", "target"])
    ws.append([dt.datetime(2024, 9, 15), "Ada", "Bea"])
    cell = ws.cell(row=row, column=column)
    if value is None:
        cell.font = openpyxl.styles.Font(bold=True)
    else:
        cell.value = value
    wb.save(path)
    return path


def _ods_cell(value: str | None, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None:
        return f"<table:table-cell{rep}/>"
    return (f'<table:table-cell{rep} office:value-type="string"><text:p>{value}</text:p>'
            "</table:table-cell>")


def ods(path: Path, rows: list[list[str | None]], *, stray: tuple[int, int] | None = None
        ) -> Path:
    """An ODS sheet of ``rows``, each padded with LibreOffice's repeated empty
    cells to column 16384 and followed by a million repeated empty rows; with
    ``stray`` (column, row) one more filled cell far away."""
    xml = []
    for cells in rows:
        xml.append("<table:table-row>" + "".join(_ods_cell(v) for v in cells)
                   + _ods_cell(None, 16384 - len(cells)) + "</table:table-row>")
    if stray:
        col, row = stray
        gap = row - len(rows) - 1
        if gap:
            xml.append(f'<table:table-row table:number-rows-repeated="{gap}">'
                       f"{_ods_cell(None, 16384)}</table:table-row>")
        xml.append("<table:table-row>" + (_ods_cell(None, col - 1) if col > 1 else "")
                   + _ods_cell("x") + "</table:table-row>")
    else:
        xml.append(f'<table:table-row table:number-rows-repeated="{1048576 - len(rows)}">'
                   f"{_ods_cell(None, 16384)}</table:table-row>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", _MANIFEST)
        zf.writestr("content.xml", _ODS_HEAD + "".join(xml) + _ODS_TAIL)
    return path
