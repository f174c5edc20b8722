"""Property: whatever sequence of imports of valid and invalid files, the
workspace holds exactly the union of the valid imports' contacts, as a
multiset by content (each content counted as often as the file that holds it
most often), and the network equals the reader's on those contacts.

The expected multiset is computed here from the generated rows, by hand
(normalising like the identity rule), not with the store's own keys.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reterete.errors import IngestError
from reterete.identity import normalize_name
from reterete.store import Workspace

NAMES = ["Ada", "ADA", "Bea", "bea ", "Cy", "Dino"]
SITES = ["Piazza Roma", "piazza  roma", "Via Orti"]
KINDS = ["visit", "Meeting", ""]
DATES = ["2024-09-02", "2024-09-03", "2024-10-01"]

row = st.tuples(st.sampled_from(DATES), st.sampled_from(NAMES), st.sampled_from(NAMES),
                st.sampled_from(SITES), st.sampled_from(KINDS))
log_file = st.tuples(st.lists(row, min_size=1, max_size=6), st.booleans())  # (rows, valid?)
imports = st.lists(st.lists(log_file, min_size=1, max_size=2), min_size=1, max_size=4)


def content(date: str, source: str, target: str, site: str, kind: str) -> tuple:
    return (date, normalize_name(source), normalize_name(target), normalize_name(site),
            normalize_name(kind) or None)


def write_log(folder: Path, name: str, rows: list[tuple], valid: bool) -> Path:
    lines = ["date,source,target,site,kind"] + [",".join(r) for r in rows]
    if not valid:
        lines.insert(len(lines) // 2 + 1, "2024-13-45,Ada,Bea,Piazza Roma,visit")
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(imports)
def test_workspace_holds_the_union_of_valid_imports(batches):
    expected: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ws = Workspace(folder / "p.db")
        for b, batch in enumerate(batches):
            paths = [write_log(folder, f"log{b}_{f}.csv", rows, valid)
                     for f, (rows, valid) in enumerate(batch)]
            if all(valid for _, valid in batch):
                ws.import_files(paths)
                for rows, _ in batch:
                    counts = Counter(content(*r) for r in rows
                                     if normalize_name(r[1]) != normalize_name(r[2]))
                    expected |= counts  # multiset union: the larger count wins
            else:
                before = ws.dump() if ws.path.exists() else None
                with pytest.raises(IngestError):
                    ws.import_files(paths)
                assert (ws.dump() if ws.path.exists() else None) == before
        if not ws.path.exists():
            assert not expected
            return
        stored = ws.interactions()
        got = Counter(content(d.strftime("%Y-%m-%d"), s, t, site, "" if pd.isna(k) else k)
                      for d, s, t, site, k in zip(stored["date"], stored["source_id"],
                                                  stored["target_id"], stored["site"],
                                                  stored["kind"], strict=True))
        assert got == expected
        if expected:
            ties = {frozenset(e) for e in ws.network().graph().edges()}
            assert ties == {frozenset((c[1], c[2])) for c in expected}
