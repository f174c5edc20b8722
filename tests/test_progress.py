"""reterete.progress and the command line's bars (issue 12, item 9): long steps
report themselves; bars go to stderr of a terminal only, never into --json."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pandas as pd

from reterete.cli._progress import wanted
from reterete.ingest import read_contacts
from reterete.progress import listening, task


class Recorder:
    def __init__(self):
        self.events = []

    def start(self, label, total):
        self.events.append(("start", label, total))
        return label

    def update(self, handle, done, total, label):
        self.events.append(("update", label, done))

    def stop(self, handle):
        self.events.append(("stop", handle))


LOG = pd.DataFrame({"date": ["2024-09-02", "2024-12-03", "2024-12-04"],
                    "source": ["Ada", "Ada", "Bea"], "target": ["Bea", "Cy", "Cy"]})


def test_reading_reports_its_steps():
    rec = Recorder()
    with listening(rec):
        read_contacts(LOG)
    started = [e[1] for e in rec.events if e[0] == "start"]
    assert started == ["Reading <table 1>", "Checking <table 1>", "Building the network"]
    assert sum(e[0] == "stop" for e in rec.events) == 3


def test_compare_reports_the_resampling():
    from reterete.metrics.compare import compare

    rec = Recorder()
    with listening(rec):
        compare(read_contacts(LOG), start=("2024-09", "2024-09"), end=("2024-12", "2024-12"),
                n_boot=50, seed=1)
    assert ("update", "Resampling the start and end windows", 2) in rec.events


def test_nobody_listening_costs_nothing_and_tasks_nest():
    with task("outer", total=2) as t:
        with task("inner") as u:
            u.advance()
        t.advance(2)
    assert t.done == 2


def test_bars_only_for_a_terminal_without_json(monkeypatch):
    assert not wanted(json_out=True)
    import io

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not wanted(json_out=False)
    monkeypatch.setattr(sys, "stderr", Tty())
    assert wanted(json_out=False)
    monkeypatch.setenv("RETERETE_PROGRESS", "0")
    assert not wanted(json_out=False)


def test_json_stays_pure_when_stderr_is_a_terminal(tmp_path):
    log = tmp_path / "log.csv"
    LOG.to_csv(log, index=False)
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "reterete", "summary", str(log), "--json"],
                              stdout=subprocess.PIPE, stderr=follower, timeout=120,
                              env={**os.environ, "TERM": "xterm"})
        os.close(follower)
        follower = None
        assert proc.returncode == 0
        assert proc.stdout.decode().lstrip().startswith("{")  # JSON only
    finally:
        if follower is not None:
            os.close(follower)
        os.close(leader)


def test_export_reports_its_steps(tmp_path):
    from reterete.export import export

    rec = Recorder()
    with listening(rec):
        export(read_contacts(LOG), tmp_path / "net.gexf")
    started = [e[1] for e in rec.events if e[0] == "start"]
    assert started[-3:] == ["Computing centralities of 3 actors...",
                            "Preparing 3 actors and 3 ties", "Writing net.gexf"]
    assert sum(e[0] == "stop" for e in rec.events) == len(started)
