"""`reterete demo` runs the whole Cremona example from bundled data, from any folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from reterete.examples import cremona


def test_demo_writes_every_output_from_any_folder(tmp_path: Path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "reterete", "demo", "--out", str(out), "--json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)  # --json prints one object and nothing else
    outputs = [Path(p) for p in payload["outputs"]]
    assert all(p.exists() and p.stat().st_size > 0 for p in outputs)
    names = {p.name for p in outputs}
    assert {"network.html", "report.html", "summary.json", "timeline.csv",
            "centrality.csv", "compare_sept_dec.csv"} <= names
    for site in cremona.SITES:
        slug = site.lower().replace(" ", "_")
        plan = pd.read_csv(out / f"antennas_{slug}.csv")
        assert 1 <= len(plan) <= 3
        assert f"engage_next_{slug}.csv" in names
    assert set(cremona.FILES.values()) <= names  # field files copied for the tour
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["actors"] == 50 and summary["interactions"] == len(cremona.generate().contacts)
    # the demo shows communities and the partner survey (issue 24)
    groups = pd.read_csv(out / "communities.csv")
    assert groups["community"].nunique() >= 2 and len(groups) == summary["actors"]
    said = " ".join(payload["summary"])
    assert "groups, modularity" in said
    assert said.count("Partner survey, wave") == 2
    import openpyxl

    book = openpyxl.load_workbook(out / "partner_survey.xlsx")
    assert book.sheetnames[:4] == ["Waves", "Actors", "Ties", "Agreement"]
