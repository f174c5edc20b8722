"""The documentation site: it builds with ``mkdocs build --strict``, and every
command and Python block it shows runs on the demo's field files.

The docs' dependencies are the ``docs`` extra (the ``test`` extra pulls it
in, so ``bash scripts/test.sh`` always builds the site); in an environment
without them the build test is skipped and says why.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reterete.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
runner = CliRunner()
#: Commands shown but not run here: `app` serves until stopped (its own tests
#: cover it) and `demo` is what the `field` fixture runs; `bash` blocks are
#: shell set-up (venv, pip) and are not run either.
NOT_RUN = {"app", "demo"}
#: Pages whose Python blocks are signatures, not programs (the contract).
NOT_PROGRAMS = {"DESIGN.md"}
_BLOCK = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)


def _blocks(kind: str) -> list[tuple[str, str]]:
    out = []
    for page in sorted(DOCS.rglob("*.md")):
        for lang, body in _BLOCK.findall(page.read_text(encoding="utf-8")):
            if lang == kind:
                out.append((str(page.relative_to(DOCS)), body))
    return out


def _commands() -> list[tuple[str, list[str]]]:
    cmds = []
    for page, body in _blocks("console"):
        for line in body.splitlines():
            if line.startswith("$ reterete "):
                args = shlex.split(line[len("$ reterete "):])
                if args[0] not in NOT_RUN:
                    cmds.append((page, args))
    return cmds


COMMANDS = _commands()
PYTHON = [(p, code) for p, code in _blocks("python") if p not in NOT_PROGRAMS]


@pytest.fixture(scope="module")
def field(tmp_path_factory):
    """The demo's copy of the Cremona field files, where the docs' examples run."""
    out = tmp_path_factory.mktemp("docs") / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "data"


def test_the_docs_show_commands_and_code():
    pages = {p for p, _ in COMMANDS}
    assert len(COMMANDS) > 40
    for page in ("getting-started.md", "howto/export.md", "howto/template.md",
                 "guide/evaluator.it.md"):
        assert page in pages
    assert len(PYTHON) >= 2
    # first steps on Windows, where most users are, in both languages
    for page in ("getting-started.md", "index.it.md"):
        assert "```powershell" in (DOCS / page).read_text(encoding="utf-8"), page


def test_every_documented_command_runs(field, monkeypatch):
    monkeypatch.chdir(field)
    monkeypatch.setenv("RETERETE_KEY", "docs-example-key")
    for page, args in COMMANDS:  # in page order: a template is made before it is checked
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"{page}: reterete {shlex.join(args)}\n{result.output}"


@pytest.mark.parametrize("page,code", PYTHON, ids=[p for p, _ in PYTHON])
def test_every_python_block_runs(field, monkeypatch, page, code, capsys):
    monkeypatch.chdir(field)
    exec(compile(code, page, "exec"), {"__name__": "__docs__"})


def test_the_site_builds_strictly(tmp_path):
    pytest.importorskip("mkdocs", reason="the docs extra is not installed "
                                         "(pip install -e '.[docs]')")
    pytest.importorskip("mkdocstrings")
    pytest.importorskip("material")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
         str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    assert (site / "index.html").exists()
    # The Italian pages (``*.it.md``) are built under /it/ with the theme's own words in
    # Italian; the English ones keep English words.
    italian = (site / "it" / "guide" / "evaluator" / "index.html").read_text(encoding="utf-8")
    english = (site / "guide" / "evaluator" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="it"' in italian and '<html lang="en"' in english
    assert 'placeholder="Cerca"' in italian and "Indice" in italian
    assert 'placeholder="Search"' in english and "Table of contents" in english
    for word in ('placeholder="Search"', "Table of contents", "Back to top"):
        assert word not in italian, word
    # No Sphinx role of the docstrings is left raw in any page.
    raw = re.compile(r":(?:func|mod|class|meth|math|data|attr|exc|obj|sup):`")
    left = [str(page.relative_to(site)) for page in site.rglob("*.html")
            if raw.search(page.read_text(encoding="utf-8"))]
    assert not left, left
    api = (site / "reference" / "files" / "index.html").read_text(encoding="utf-8")
    assert "write_gexf" in api and "write_template" in api  # docstrings rendered
    bench = (site / "benchmarks" / "index.html").read_text(encoding="utf-8")
    assert "greedy antennas" in bench  # benchmarks/RESULTS.md included


def test_sphinx_roles_become_links_and_code():
    # the docs' griffe extension: the raw-role check above can fail without it
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from griffe_sphinx_roles import rewrite
    finally:
        sys.path.pop(0)

    class Obj:  # what rewrite needs of a griffe object: its path and parents
        def __init__(self, path, parent=None):
            self.path, self.parent = path, parent

    module = Obj("reterete.metrics.structure")
    func = Obj("reterete.metrics.structure.density", module)
    known = {"reterete.metrics.structure.summary", "reterete.network.Network"}
    text = ("See :func:`summary`, :class:`~reterete.network.Network` and :math:`1 - 1/e`."
            "\n\n    .. math:: D = m\n\n    After.")
    out = rewrite(text, func, known)
    assert 'identifier="reterete.metrics.structure.summary" optional>summary<' in out
    assert 'identifier="reterete.network.Network" optional>Network<' in out
    assert "`1 - 1/e`" in out and "```tex" in out and "D = m" in out
    assert ":func:" not in out and ":math:" not in out and ".. math::" not in out
