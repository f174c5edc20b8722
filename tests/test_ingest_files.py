"""Reading files: every separator, encoding and file type gives the exact same
network, and rows are numbered as the spreadsheet numbers them (header = 1).

Expected values are written by hand from the small logs below.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from reterete.errors import IngestError
from reterete.ingest import check_contacts, read_contacts
from reterete.ingest.files import read_raw

ROWS = [("15/09/2024", "Società Niccolò", "Bar Roma", "Piazza Roma"),
        ("16/09/2024", "Bar Roma", "Polizia Locale", "Piazza Roma"),
        ("16/09/2024", "società  niccolò", "bar roma", "Piazza Marconi")]
HEADER = ("Data", "Attore 1", "Attore 2", "Luogo")
#: by hand: ids are the NFKC/casefolded/space-collapsed names
EDGES = {("bar roma", "società niccolò"): 2, ("bar roma", "polizia locale"): 1}
NAMES = {"società niccolò": "Società Niccolò", "bar roma": "Bar Roma",
         "polizia locale": "Polizia Locale"}
DATES = [pd.Timestamp("2024-09-15"), pd.Timestamp("2024-09-16"), pd.Timestamp("2024-09-16")]


def edges(net) -> dict[tuple[str, str], int]:
    return {tuple(sorted((u, v))): c for u, v, c in net.graph().edges(data="count")}


def assert_exact(net) -> None:
    assert edges(net) == EDGES
    assert net.actors["name"].to_dict() == NAMES
    assert list(net.interactions["date"]) == DATES
    assert list(net.interactions["row"]) == [2, 3, 4]
    assert sorted(net.sites) == ["Piazza Marconi", "Piazza Roma"]


def csv_bytes(sep: str, encoding: str, eol: str = "\n") -> bytes:
    lines = [sep.join(HEADER)] + [sep.join(r) for r in ROWS]
    text = eol.join(lines) + eol
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(encoding)


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
def test_csv_every_separator_and_encoding(tmp_path, sep, encoding):
    path = tmp_path / "log.csv"
    path.write_bytes(csv_bytes(sep, encoding))
    result = check_contacts(path)
    assert result.errors == []
    assert result.files[0]["separator"] == sep
    assert result.files[0]["encoding"] == {"latin-1": "cp1252"}.get(encoding, encoding)
    assert_exact(result.network)


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends(tmp_path, eol):
    # bug fixed: a file with bare CR line ends raised csv.Error from the reader
    path = tmp_path / "log.csv"
    path.write_bytes(csv_bytes(";", "cp1252", eol))
    assert_exact(read_contacts(path))


def test_latin1_byte_cp1252_leaves_out(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes("date,source,target\n15/09/2024,A\x81,Bea\n".encode("latin-1"))
    result = check_contacts(path)
    assert result.files[0]["encoding"] == "latin-1"
    assert set(result.network.actors["name"]) == {"A\x81", "Bea"}


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes("\t".join(HEADER).encode("utf-16") + "\n".join(
        [""] + ["\t".join(r) for r in ROWS]).encode("utf-16-le"))
    assert_exact(read_contacts(path))


def frame() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=list(HEADER))


def test_dataframe(tmp_path):
    assert_exact(read_contacts(frame()))


def test_parquet(tmp_path):
    path = tmp_path / "log.parquet"
    frame().to_parquet(path)
    assert_exact(read_contacts(path))


def test_xlsx_with_real_date_cells(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(HEADER))
    for d, *rest in ROWS:
        ws.append([dt.datetime.strptime(d, "%d/%m/%Y"), *rest])
    ws["A2"].number_format = "DD/MM/YYYY"
    path = tmp_path / "log.xlsx"
    wb.save(path)
    assert_exact(read_contacts(path))


def test_ods_with_date_cells(tmp_path):
    pytest.importorskip("odf")
    df = frame()
    df["Data"] = pd.to_datetime(df["Data"], format="%d/%m/%Y")
    path = tmp_path / "log.ods"
    df.to_excel(path, engine="odf", index=False)
    assert_exact(read_contacts(path))


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    # header = 1; the quoted two-line note is ONE row (2); the blank line is row 3
    path = tmp_path / "log.csv"
    path.write_text('date,source,target,note\n'
                    '15/09/2024,Ada,Bea,"first line\nsecond line"\n'
                    '\n'
                    '2024-09-03,Ada,Cy,ok\n'
                    '31/02/2024,Bea,,x\n', encoding="utf-8")
    result = check_contacts(path)
    got = [(p.file, p.row, p.column, p.value) for p in result.errors]
    assert got == [("log.csv", 5, "date", "31/02/2024"), ("log.csv", 5, "target", None)]


def test_csv_blank_line_without_quotes_keeps_numbering(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date;source;target\n15/09/2024;Ada;Bea\n\n\n16/09/2024;Ada;\n")
    result = check_contacts(path)
    assert [(p.row, p.column) for p in result.errors] == [(5, "target")]


def test_xlsx_rows_are_numbered_as_excel_shows_them(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Data", "Attore 1", "Attore 2"])
    ws.append([dt.datetime(2024, 9, 15), "Ada", "Bea"])
    ws.append([None, None, None])
    ws.append([dt.datetime(2024, 9, 16), "Ada", None])
    ws.append(["30/02/2024", "Ada", "Bea"])
    path = tmp_path / "log.xlsx"
    wb.save(path)
    result = check_contacts(path)
    got = [(p.file, p.row, p.column) for p in result.errors]
    assert got == [("log.xlsx", 4, "Attore 2"), ("log.xlsx", 5, "Data")]


def test_header_only_file_is_a_warning_not_a_crash(tmp_path):
    # bug fixed: an empty log raised KeyError('file') while assembling
    path = tmp_path / "log.csv"
    path.write_text("date,source,target\n")
    result = check_contacts(path)
    assert result.errors == []
    assert [p.reason for p in result.warnings] == [
        "has a header but no rows: nothing was read from it"]
    assert len(result.network.interactions) == 0


@pytest.mark.parametrize("text", ["date,source,target,note\n15/09/2024,Ada,Bea\n",
                                  'date,source,target,note\n15/09/2024,Ada,Bea\n"x",a,b,c\n'])
def test_short_rows_are_errors_on_both_readers(tmp_path, text):
    # bug fixed: the csv-module reader padded short rows silently while the
    # pyarrow reader refused them; the same row must get the same answer
    path = tmp_path / "log.csv"
    path.write_text(text)
    result = check_contacts(path)
    assert [(p.row, p.reason) for p in result.errors][:1] == [
        (2, "has 3 cells but the header has 4 columns")]


def test_long_rows_are_errors(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date,source,target\n15/09/2024,Ada,Bea,Cy\n")
    with pytest.raises(IngestError) as info:
        read_contacts(path)
    assert (info.value.problems[0].row, info.value.problems[0].reason) == (
        2, "has 4 cells but the header has 3 columns")


def test_unclosed_quote_is_named(tmp_path):
    # bug fixed: an unclosed quote swallowed the rest of the file into one cell
    path = tmp_path / "log.csv"
    path.write_text('date,source,target\n15/09/2024,"Ada,Bea\n16/09/2024,Cy,Di\n')
    result = check_contacts(path)
    assert [(p.row, p.reason) for p in result.errors] == [
        (2, 'has a quote (") that is never closed: the rest of the file would be one cell')]


def test_formula_text_in_csv_is_kept_as_text(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text('date,source,target,note\n15/09/2024,Ada,Bea,"=HYPERLINK(""http://x"")"\n'
                    "15/09/2024,=1+1,Bea,\n")
    net = read_contacts(path)
    assert list(net.interactions["note"])[:1] == ['=HYPERLINK("http://x")']
    assert "=1+1" in set(net.actors["name"])


def test_raw_table_of_a_folder_and_a_missing_file(tmp_path):
    assert read_raw(tmp_path).problems[0].reason == "is a folder, not a file"
    assert read_raw(tmp_path / "nope.csv").problems[0].reason == "file not found"
