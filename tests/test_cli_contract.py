"""DESIGN.md's command-line contract, command by command, on the bundled
example: the `--json` keys each command promises, one JSON object and
nothing else on stdout, exit code 2 and plain words for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from reterete.cli import app

# command -> (extra arguments, keys DESIGN.md promises at least)
CONTRACT = {
    "check": ([], ["ok", "errors", "warnings", "duplicates"]),
    "summary": ([], ["actors", "ties", "interactions", "density", "mean_degree", "components",
                     "largest_component_share", "degree_centralization", "ei_index"]),
    "centrality": ([], ["actors"]),
    "antennas": (["--site", "Piazza Roma", "-k", "3"],
                 ["site", "antennas", "coverage", "targets", "method", "optimal", "bound"]),
    "recommend": (["--site", "Piazza Roma", "-n", "3", "--to", "2024-10"],
                  ["recommendations"]),
    "compare": (["--start", "2024-09:2024-09", "--end", "2024-12:2024-12", "--boot", "200",
                 "--seed", "1"], ["metrics"]),
    "timeline": (["--freq", "month"], ["periods"]),
}
ITEM_KEYS = {
    "centrality": ("actors", ["actor", "kind", "degree", "strength", "betweenness", "closeness",
                              "eigenvector", "pagerank"]),
    "antennas": ("antennas", ["actor", "gain", "reaches"]),
    "recommend": ("recommendations", ["actor", "score", "reasons"]),
    "compare": ("metrics", ["name", "start", "end", "delta", "ci_low", "ci_high", "p_value"]),
    "timeline": ("periods", ["period", *CONTRACT["summary"][1]]),
}


@pytest.mark.parametrize("command", list(CONTRACT))
def test_json_keys_follow_design(command, cremona_logs, cremona_registry):
    extra, keys = CONTRACT[command]
    args = [command, *map(str, cremona_logs), "--actors", str(cremona_registry), *extra,
            "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)  # one object, nothing else
    assert set(keys) <= set(payload), set(keys) - set(payload)
    if command in ITEM_KEYS:
        field, item_keys = ITEM_KEYS[command]
        assert payload[field], field
        for item in payload[field]:
            assert set(item_keys) <= set(item), set(item_keys) - set(item)


@pytest.mark.parametrize("output", ["viz", "report"])
def test_pages_report_their_output(output, cremona_logs, cremona_registry, tmp_path):
    path = tmp_path / f"{output}.html"
    args = [output, *map(str, cremona_logs), "--actors", str(cremona_registry), "-o", str(path),
            "--json"]
    if output == "report":
        args += ["--boot", "50"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["output"] == str(path) and path.stat().st_size > 0


@pytest.mark.parametrize("args", [
    ["summary", "{log}", "--from", "15/09/2024"],              # not YYYY-MM[-DD]
    ["summary", "{log}", "--site", "Piazza Nowhere"],           # unknown site
    ["antennas", "{log}", "--site", "Piazza Roma"],             # neither -k nor --budget-hours
    ["compare", "{log}", "--start", "2024-09", "--end", "2024-12"],  # not FROM:TO
    ["summary", "{missing}"],                                    # no such file
    ["summary", "{bad}"],                                        # bad rows
])
def test_bad_input_is_exit_code_2_in_plain_words(args, cremona_logs, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Data;Attore 1;Attore 2\n31/02/2024;Ada;Bea\n", encoding="utf-8")
    filled = [a.format(log=cremona_logs[2], missing=tmp_path / "nope.csv", bad=bad)
              for a in args]
    proc = subprocess.run([sys.executable, "-m", "reterete", *filled], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr.strip()
    as_json = subprocess.run([sys.executable, "-m", "reterete", *filled, "--json"],
                             capture_output=True, text=True, timeout=120)
    assert as_json.returncode == 2
    json.loads(as_json.stdout)  # the errors as one JSON object
