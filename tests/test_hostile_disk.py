"""A full disk while writing Excel files (issue 20): ``workbook``,
``template`` and ``--xlsx`` end with exit 2 and the sentence every other
writer gives, the previous file untouched and no partial file left."""

from __future__ import annotations

import errno
import zipfile

import pytest
from typer.testing import CliRunner

from reterete.cli import app

runner = CliRunner()

LOG = ("date,source,target,site\n"
       "2024-09-02,Ada Rossi,Bea Neri,Piazza Roma\n"
       "2024-10-03,Bea Neri,Bar Roma,Piazza Roma\n")


class FullDisk(zipfile.ZipFile):
    """A zip file on a disk with no space left."""

    def write(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    def writestr(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")


def cannot_create(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("zip_class", [FullDisk, cannot_create])
@pytest.mark.parametrize("command", ["workbook", "template", "summary --xlsx",
                                     "centrality --xlsx", "csv"])
def test_a_full_disk_while_writing_is_exit_2_with_a_sentence(tmp_path, monkeypatch,
                                                              command, zip_class):
    log = tmp_path / "contatti.csv"
    log.write_text(LOG, encoding="utf-8")
    out = tmp_path / ("out.csv" if command == "csv" else "out.xlsx")
    out.write_bytes(b"previous")
    args = {"workbook": ["workbook", str(log), "-o", str(out)],
            "template": ["template", "-o", str(out)],
            "summary --xlsx": ["summary", str(log), "--xlsx", str(out)],
            "centrality --xlsx": ["centrality", str(log), "--xlsx", str(out)],
            "csv": ["summary", str(log), "--csv", str(out)]}[command]
    monkeypatch.setattr("xlsxwriter.workbook.ZipFile", zip_class)
    if command == "csv":
        import reterete.outputs

        monkeypatch.setattr(reterete.outputs, "_fsync", cannot_create)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert f"could not write {out}: the disk is full" in said
    assert "internal error" not in said and "Traceback" not in said
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["contatti.csv", out.name])
