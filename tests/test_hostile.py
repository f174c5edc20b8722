"""Hostile files (issue 8): each ends in a clear error through `reterete
check` (exit code 2, a message, no traceback), within bounded memory.

Every file is generated here into tmp_path; nothing big is committed. Memory
is measured on a real subprocess (`python -m reterete check`) with
``resource.getrusage(RUSAGE_CHILDREN)``: the peak resident size of any child
so far, which must stay under 1 GB. Times are not asserted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

GB_KB = 1024 * 1024  # ru_maxrss is in KiB on Linux


def check_cli(path: Path, env: dict[str, str] | None = None) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "-m", "reterete", "check", str(path), "--json"],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})
    assert "Traceback" not in proc.stderr + proc.stdout
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak < GB_KB, f"peak memory {peak / 1024:.0f} MB"
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def reasons(payload: dict) -> list[str]:
    return [e["reason"] for e in payload["errors"]]


def test_binary_garbage(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(bytes(range(256)) * 64)
    code, out, _ = check_cli(path)
    assert code == 2 and not out["ok"]
    assert reasons(out)[0].startswith("is not a text table")


def test_nul_bytes_in_a_text_file(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,source,target\n15/09/2024,A\x00da,Bea\n")
    code, out, _ = check_cli(path)
    assert code == 2 and "NUL" in reasons(out)[0]


def test_truncated_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["date", "source", "target"])
    wb.active.append([dt.datetime(2024, 9, 15), "Ada", "Bea"])
    whole = tmp_path / "whole.xlsx"
    wb.save(whole)
    path = tmp_path / "log.xlsx"
    path.write_bytes(whole.read_bytes()[:-200])
    code, out, _ = check_cli(path)
    assert code == 2 and reasons(out)[0].startswith("is a damaged or truncated spreadsheet")


def test_zip_bomb_disguised_as_xlsx(tmp_path):
    path = tmp_path / "log.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            chunk = b" " * 2**20
            for _ in range(12):  # 12 MB of blanks pack into a few KB
                fh.write(chunk)
    assert path.stat().st_size < 100_000
    code, out, _ = check_cli(path, {"RETERETE_MAX_UNZIPPED_MB": "10"})
    assert code == 2 and "ZIP bomb" in reasons(out)[0]


def test_single_line_of_100_mb(tmp_path):
    path = tmp_path / "log.csv"
    with path.open("wb") as fh:
        chunk = b"a," * 2**19
        for _ in range(100):
            fh.write(chunk)
    code, out, _ = check_cli(path)
    assert code == 2 and reasons(out)[0].startswith("has a first line longer than")


def test_a_100_mb_cell_under_a_good_header(tmp_path):
    path = tmp_path / "log.csv"
    with path.open("wb") as fh:
        fh.write(b"date,source,target\n15/09/2024,Ada,")
        for _ in range(100):
            fh.write(b"b" * 2**20)
        fh.write(b"\n")
    code, out, _ = check_cli(path)
    assert code == 2
    assert out["errors"][0]["row"] == 2
    assert "characters" in reasons(out)[0]


def test_ten_thousand_columns(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(",".join(f"c{i}" for i in range(10_000)) + "\n" + ",".join("x" * 10_000))
    code, out, _ = check_cli(path)
    assert code == 2 and reasons(out)[0] == (
        "has 10000 columns, over the limit of 500 (raise RETERETE_MAX_COLUMNS to allow it)")


def test_mixed_encodings(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes("date,source,target\n15/09/2024,Società,Bea\n".encode()
                     + "16/09/2024,Città,Bea\n".encode("cp1252"))
    code, out, _ = check_cli(path)
    assert code == 2 and out["errors"][0]["row"] == 3
    assert reasons(out)[0].startswith("mixes two text encodings")


def test_bom_in_the_middle(tmp_path):
    path = tmp_path / "log.csv"
    part = "date,source,target\n15/09/2024,Ada,Bea\n".encode("utf-8-sig")
    path.write_bytes(part + part)
    code, out, _ = check_cli(path)
    assert code == 2 and out["errors"][0]["row"] == 3
    assert "byte-order mark in the middle" in reasons(out)[0]


def test_duplicated_headers(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("date,source,target,Data\n15/09/2024,Ada,Bea,16/09/2024\n")
    code, out, _ = check_cli(path)
    assert code == 2
    assert (out["errors"][0]["row"], out["errors"][0]["column"]) == (1, "Data")


def test_csv_formula_cells_are_data_text(tmp_path):
    # decided: a CSV cell like =HYPERLINK(...) is text, kept verbatim, never
    # evaluated (reterete evaluates nothing; CSV written back is neutralised)
    path = tmp_path / "log.csv"
    path.write_text('date,source,target,note\n15/09/2024,Ada,Bea,"=HYPERLINK(""http://e.vil"")"\n')
    code, out, _ = check_cli(path)
    assert code == 0 and out["ok"]


def test_xlsx_formula_cells_are_never_evaluated(tmp_path):
    # decided: reterete reads the value the spreadsheet saved with a formula
    # cell and never evaluates the formula; a formula without a saved value
    # (as openpyxl writes it) reads as empty, which a required column reports
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["date", "source", "target"])
    ws.append([dt.datetime(2024, 9, 15), "Ada", "=SUM(1,2)"])
    path = tmp_path / "log.xlsx"
    wb.save(path)
    code, out, _ = check_cli(path)
    assert code == 2
    assert [(e["row"], e["column"], e["value"]) for e in out["errors"]] == [(2, "target", None)]


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,source,target\n" + b"15/09/2024,Ada,Bea\n" * 60_000)
    code, out, _ = check_cli(path, {"RETERETE_MAX_FILE_MB": "1"})
    assert code == 2 and "over the limit of 1 MB" in reasons(out)[0]


# --- issue 12, item 6: a far stray cell must not build the whole empty grid ----------

@pytest.mark.parametrize("column,row,cell", [
    (16384, 1048576, "XFD1048576"),   # aborted the process: 512 GB allocation
    (494, 1048576, "RZ1048576"),     # MemoryError, a panic and a hang
    (30, 1048576, "AD1048576"),       # 8 s and 1.4 GB
    (20, 1048576, "T1048576"),        # under the cell limit, but nearly all empty
])
def test_xlsx_with_a_far_stray_cell(tmp_path, column, row, cell):
    from sheets_helpers import xlsx_with_stray

    path = xlsx_with_stray(tmp_path / "log.xlsx", column, row)
    assert path.stat().st_size < 10_000
    code, out, _ = check_cli(path)
    assert code == 2 and not out["ok"]
    assert out["errors"][0]["value"] == cell
    assert cell in reasons(out)[0] and "stray" in reasons(out)[0]


def test_xlsx_far_cell_with_only_a_format_is_read(tmp_path):
    from sheets_helpers import xlsx_with_stray

    path = xlsx_with_stray(tmp_path / "log.xlsx", 16384, 1048576, value=None)
    code, out, _ = check_cli(path)
    assert code == 0 and out["ok"]


def test_xlsx_stray_cell_near_the_table_is_a_row_problem(tmp_path):
    from sheets_helpers import xlsx_with_stray

    path = xlsx_with_stray(tmp_path / "log.xlsx", 5, 2)
    code, out, _ = check_cli(path)
    assert code == 2 and out["errors"][0]["row"] == 2  # reported, never dropped


@pytest.mark.parametrize("stray,cell", [((16384, 1048576), "XFD1048576"),
                                        ((30, 1048576), "AD1048576")])
def test_ods_with_a_far_stray_cell(tmp_path, stray, cell):
    from sheets_helpers import ods

    rows = [["date", "source", "target"], ["2024-09-15", "Ada", "Bea"]]
    path = ods(tmp_path / "log.ods", rows, stray=stray)
    code, out, _ = check_cli(path)
    assert code == 2 and cell in reasons(out)[0]


def test_ods_with_libreoffice_repeated_empty_cells_is_read(tmp_path):
    from sheets_helpers import ods

    rows = [["date", "source", "target"], ["2024-09-15", "Ada", "Bea"]]
    code, out, _ = check_cli(ods(tmp_path / "log.ods", rows))
    assert code == 0 and out["ok"]


def test_one_event_of_5000_participants(tmp_path):
    """Issue 12, item 8: 12.5M pairs were built with no word (check 15 s / 4.5 GB)."""
    path = tmp_path / "eventi.csv"
    lines = ["Data;Evento;Partecipante"]
    lines += [f"15/09/2024;Festa di quartiere;Persona {i:05d}" for i in range(5000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = check_cli(path)
    assert code == 2
    (err,) = out["errors"]
    assert (err["row"], err["column"], err["value"]) == (2, "Evento", "Festa di quartiere")
    assert "5,000 participants" in err["reason"]


# --- issue 12, "Also": say what a path is, never hang, never misread ------------------

def test_fifo_is_named_and_never_read(tmp_path):
    path = tmp_path / "log.csv"
    os.mkfifo(path)
    code, out, _ = check_cli(path)  # reading it would wait for ever (timeout 300)
    assert code == 2 and "named pipe" in reasons(out)[0]


def test_dev_zero_is_a_device():
    code, out, _ = check_cli(Path("/dev/zero"))
    assert code == 2 and reasons(out)[0] == "is a device, not a file"


def test_symlink_loop_and_dangling_link(tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    code, out, _ = check_cli(loop)
    assert code == 2 and "loop" in reasons(out)[0] and "not found" not in reasons(out)[0]
    dangling = tmp_path / "log.csv"
    dangling.symlink_to(tmp_path / "gone.csv")
    code, out, _ = check_cli(dangling)
    assert code == 2 and "gone.csv, which does not exist" in reasons(out)[0]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, encoding):
    path = tmp_path / "log.csv"
    path.write_bytes("Data;Attore 1;Attore 2\n15/09/2024;Società Òmega;Città\n"
                     .encode(encoding))
    code, out, _ = check_cli(path)
    assert code == 0 and out["ok"], out
    assert out["files"][0]["encoding"] == encoding


def test_utf16_cut_in_half(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes("date,source,target\n15/09/2024,Ada,Bea\n".encode("utf-16-le")[:-1])
    code, out, _ = check_cli(path)
    assert code == 2 and "UTF-16" in reasons(out)[0]


def test_italian_thousands_point_in_a_duration_is_ambiguous(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Data;Attore 1;Attore 2;Durata (min)\n15/09/2024;Ada;Bea;1.500\n"
                    "16/09/2024;Ada;Bea;1,5\n17/09/2024;Ada;Bea;12.5\n", encoding="utf-8")
    code, out, _ = check_cli(path)
    assert code == 2
    (err,) = out["errors"]  # 1,5 and 12.5 are plain decimals
    assert (err["row"], err["column"], err["value"]) == (2, "Durata (min)", "1.500")
    assert "ambiguous" in err["reason"]


@pytest.mark.parametrize("name", ["\u200b", "\u202e", "\u200b\u200d\u2060"])
def test_names_made_only_of_invisible_characters(tmp_path, name):
    path = tmp_path / "log.csv"
    path.write_text(f"Data;Attore 1;Attore 2\n15/09/2024;Ada;Bea\n16/09/2024;{name};Bea\n",
                    encoding="utf-8")
    code, out, _ = check_cli(path)
    assert code == 2
    (err,) = out["errors"]
    assert (err["row"], err["column"]) == (3, "Attore 1")
    assert "invisible" in err["reason"] and err["value"].startswith("U+")


def test_invisible_name_in_a_participants_cell(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("Data;Evento;Partecipanti\n15/09/2024;Riunione;Ada | \u200b | Bea\n",
                    encoding="utf-8")
    code, out, _ = check_cli(path)
    assert code == 2
    assert out["errors"][0]["row"] == 2 and "invisible" in out["errors"][0]["reason"]
