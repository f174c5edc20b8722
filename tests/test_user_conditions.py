"""Conditions a user causes end in a sentence and exit code 2, never a raw
Python message or "internal error" (issue 12, item 10 and its "Also" list)."""

from __future__ import annotations

import os
import subprocess
import sys

LOG = "date,source,target,site\n2024-09-02,Ada,Bea,Piazza Roma\n2024-09-03,Bea,Cy,Piazza Roma\n"


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120
        ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reterete", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def test_unknown_antenna_is_a_plain_warning(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(LOG)
    proc = run("viz", str(log), "--antenna", "Unknown", "-o", str(tmp_path / "n.html"))
    assert proc.returncode == 0
    assert "UserWarning" not in proc.stderr and ".py:" not in proc.stderr
    assert proc.stderr.startswith("Warning: ")


def test_config_folder_that_is_a_file(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(LOG)
    config = tmp_path / "config"
    config.write_text("not a folder")
    env = {"XDG_CONFIG_HOME": str(config), "RETERETE_KEY": "", "RETERETE_KEY_FILE": ""}
    proc = run("viz", str(log), "--anonymize", "-o", str(tmp_path / "n.html"), env=env)
    assert proc.returncode == 2, proc.stderr
    said = " ".join(proc.stderr.split())
    assert "is a file where a folder is expected" in said and "internal error" not in said
