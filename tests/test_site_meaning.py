"""One meaning of a site (DESIGN.md, "Site"), worked by hand on six actors.

The registry widens a site (its network becomes the contacts between the
actors it places there) only when no log names any site. When the logs name
sites, a contact counts for the site it was logged at and nowhere else, even
when the registry places both actors at another site, and a site that only
the registry names has no contact: every command says so, in words, once."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from reterete.cli import app
from reterete.ingest import read_contacts

runner = CliRunner()

LOG = """date,source,target,site
2024-09-02,Ada,Bea,Piazza Roma
2024-09-03,Ada,Cai,Piazza Marconi
2024-09-04,Bea,Cai,Piazza Marconi
2024-09-05,Dan,Eva,
"""
# Ada, Bea, Cai are placed at Piazza Roma; Dan, Eva, Fra at Biblioteca, a
# site no log names; Fra has no contact at all
REGISTRY = """name,kind,sector,sites
Ada,resident,,Piazza Roma
Bea,resident,,Piazza Roma
Cai,resident,,Piazza Roma
Dan,resident,,Biblioteca
Eva,resident,,Biblioteca
Fra,resident,,Biblioteca
"""
NO_SITE = "The logs name no site"
ONLY_REGISTRY = "No contact is logged at Biblioteca: only the registry names Biblioteca"


@pytest.fixture
def files(tmp_path):
    log, reg = tmp_path / "log.csv", tmp_path / "reg.csv"
    log.write_text(LOG, encoding="utf-8")
    reg.write_text(REGISTRY, encoding="utf-8")
    # the same contacts with no site column at all
    bare = tmp_path / "bare.csv"
    bare.write_text("\n".join(line.rsplit(",", 1)[0] for line in LOG.splitlines()) + "\n",
                    encoding="utf-8")
    return {"sites": [str(log), "--actors", str(reg)],
            "none": [str(bare), "--actors", str(reg)], "dir": tmp_path}


def _run(*args):
    result = runner.invoke(app, [*map(str, args)])
    assert result.exit_code == 0, result.output
    return result.stdout


def _json(*args):
    return json.loads(_run(*args, "--json"))


def test_logs_that_name_sites_are_not_widened_by_the_registry(files):
    # at Piazza Roma only Ada-Bea was logged; Bea-Cai and Ada-Cai happened at
    # Piazza Marconi though the registry places all three at Piazza Roma
    roma = _json("summary", *files["sites"], "--site", "Piazza Roma")
    assert (roma["actors"], roma["ties"], roma["interactions"]) == (2, 1, 1)
    marconi = _json("summary", *files["sites"], "--site", "Piazza Marconi")
    assert (marconi["actors"], marconi["ties"], marconi["interactions"]) == (3, 2, 2)
    cen = _json("centrality", *files["sites"], "--site", "Piazza Roma")
    assert {r["actor"] for r in cen["actors"]} == {"Ada", "Bea"}
    # Dan-Eva has no site: counted at no site, not at Biblioteca
    library = _json("summary", *files["sites"], "--site", "Biblioteca")
    assert (library["actors"], library["ties"], library["interactions"]) == (0, 0, 0)
    assert library["not_met"] == ["Fra"]
    net = read_contacts([files["sites"][0]], actors=files["sites"][2])
    assert set(net.site_actors("Biblioteca")) == {"dan", "eva", "fra"}
    assert net.site_note("Piazza Roma") is None


def test_a_site_only_the_registry_names_is_said_once_in_words(files):
    for command in (["summary"], ["centrality"], ["antennas", "-k", "1"]):
        out = _run(*command, *files["sites"], "--site", "Biblioteca")
        assert out.count(ONLY_REGISTRY) == 1, (command, out)
        assert NO_SITE not in out
        assert ONLY_REGISTRY not in _run(*command, *files["sites"], "--site", "Piazza Roma")
    every = _run("antennas", *files["sites"], "--all-sites", "-k", "1")
    assert every.count(ONLY_REGISTRY) == 1
    page = files["dir"] / "report.html"
    _run("report", *files["sites"], "-o", page)
    html = page.read_text(encoding="utf-8")
    assert html.count(ONLY_REGISTRY) == 1 and NO_SITE not in html
    italian = _run("summary", *files["sites"], "--site", "Biblioteca", "--lang", "it")
    assert ONLY_REGISTRY not in italian
    assert italian.count("Nessun contatto è registrato nella Biblioteca") == 1


def test_logs_that_name_no_site_are_widened_by_the_registry(files):
    # no site in any log: a site's network is the contacts between the actors
    # the registry places there, wherever they happened
    roma = _json("summary", *files["none"], "--site", "Piazza Roma")
    assert (roma["actors"], roma["ties"], roma["interactions"]) == (3, 3, 3)
    library = _json("summary", *files["none"], "--site", "Biblioteca")
    assert (library["actors"], library["ties"], library["interactions"]) == (2, 1, 1)
    assert library["not_met"] == ["Fra"]
    for command in (["summary"], ["centrality"], ["antennas", "-k", "1"]):
        out = _run(*command, *files["none"], "--site", "Biblioteca")
        assert out.count(NO_SITE) == 1 and ONLY_REGISTRY not in out
    every = _run("antennas", *files["none"], "--all-sites", "-k", "1")
    assert every.count(NO_SITE) == 1
