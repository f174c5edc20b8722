"""Pseudonyms: keyed hashes, key handling, anonymised networks."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat

import networkx as nx
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete import privacy
from reterete.errors import InputError
from reterete.network import Network
from reterete.privacy import anonymize_graph, anonymize_network, load_key, pseudonym


@pytest.fixture
def net() -> Network:
    inter = pd.DataFrame({
        "date": ["2024-09-02", "2024-09-03", "2024-10-01", "2024-10-05"],
        "source": ["Mario Rossi", "Mario Rossi", "Anna Bianchi", "Caritas"],
        "target": ["Caritas", "Anna Bianchi", "Polizia Locale", "Polizia Locale"],
        "site": ["Piazza Roma"] * 4,
        "recorded_by": ["Luca Verdi", "Polizia Locale", None, "Mario Rossi"],
        "event": ["Visit to Mario Rossi", None, None, None],
        "note": ["Mario Rossi was upset", "x", None, "y"],
    })
    actors = pd.DataFrame({"name": ["Mario Rossi", "Anna Bianchi", "Caritas", "Polizia Locale"],
                           "kind": ["resident", "key_informant", "association", "police"],
                           "phone": ["333 1234567", "333 7654321", "0372 1", "0372 2"]})
    return Network.from_interactions(inter, actors)


def test_pseudonym_is_hmac_sha256_of_the_id():
    # independent route: the standard library's HMAC on the normalised id
    expected = hmac.new(b"k", b"mario rossi", hashlib.sha256).hexdigest()[:6].upper()
    assert pseudonym("  Mario   ROSSI ", b"k") == f"Person {expected}"
    assert pseudonym("Mario Rossi", "k") == pseudonym("mario rossi", b"k")
    assert pseudonym("Mario Rossi", b"k", prefix="Persona", length=10).startswith("Persona ")


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1), st.binary(min_size=1, max_size=40))
def test_pseudonym_is_stable_and_keyed(name, key):
    p = pseudonym(name, key)
    assert p == pseudonym(name, key)
    assert len(p) == len("Person ") + 6
    assert p[len("Person "):].isalnum()


def test_pseudonym_rejects_empty_key_and_bad_length():
    with pytest.raises(InputError):
        pseudonym("a", b"")
    with pytest.raises(InputError):
        pseudonym("a", b"k", length=0)


def test_load_key_precedence(tmp_path, monkeypatch):
    monkeypatch.delenv("RETERETE_KEY", raising=False)
    monkeypatch.delenv("RETERETE_KEY_FILE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # default: created on first use, private, stable
    key = load_key()
    path = tmp_path / "config" / "reterete" / "key"
    assert path.exists() and load_key() == key and len(key) == 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    # a named file wins over the default; RETERETE_KEY_FILE when no file is named
    named = tmp_path / "project.key"
    named.write_text("my secret\n")
    assert load_key(named) == b"my secret"
    monkeypatch.setenv("RETERETE_KEY_FILE", str(named))
    assert load_key() == b"my secret"
    # the environment variable wins over everything
    monkeypatch.setenv("RETERETE_KEY", "from env")
    assert load_key(named) == b"from env"


def test_load_key_empty_file_is_an_error(tmp_path, monkeypatch):
    monkeypatch.delenv("RETERETE_KEY", raising=False)
    empty = tmp_path / "key"
    empty.write_text("  \n")
    with pytest.raises(InputError, match="empty"):
        load_key(empty)
    with pytest.raises(InputError, match="folder"):
        load_key(tmp_path)


def _text_of(net: Network) -> str:
    return net.actors.to_csv() + net.interactions.to_csv() + repr(net.warnings)


def test_anonymize_network_hides_persons_and_notes(net):
    anon = anonymize_network(net, b"k")
    text = _text_of(anon)
    for secret in ("Mario", "mario", "Rossi", "Anna", "Bianchi", "Luca", "Verdi", "333",
                   "upset"):
        assert secret not in text
    assert anon.interactions["note"].isna().all()
    # organisations keep their names
    assert {"Caritas", "Polizia Locale"} <= set(anon.actors["name"])
    assert list(anon.interactions["recorded_by"])[1] == "Polizia Locale"
    # a person's pseudonym is the same in the actors table and in recorded_by
    mario = pseudonym("Mario Rossi", b"k")
    assert mario in set(anon.actors["name"]) and mario in set(anon.interactions["recorded_by"])
    # the original is untouched
    assert "Mario Rossi" in set(net.actors["name"])


def test_anonymize_network_keeps_structure(net):
    G, H = net.graph(), anonymize_network(net, b"k").graph()
    assert nx.is_isomorphic(G, H, edge_match=lambda a, b: a["count"] == b["count"])
    assert sorted(d for _, d in G.degree()) == sorted(d for _, d in H.degree())


def test_colliding_pseudonyms_get_the_long_form(net, monkeypatch):
    monkeypatch.setattr(privacy, "_SHORT", 1)  # 16 codes: collisions are certain
    ids = [f"person {i}" for i in range(40)]
    names = privacy.pseudonyms(ids, b"k")
    assert len(set(names.values())) == len(ids)


def test_anonymize_graph():
    G = nx.Graph()
    G.add_node("mario rossi", name="Mario Rossi", is_person=True, note="secret")
    G.add_node("caritas", name="Caritas", is_person=False)
    G.add_edge("mario rossi", "caritas", weight=2.0)
    H = anonymize_graph(G, b"k")
    assert "mario rossi" in G  # not mutated
    assert "caritas" in H and H.number_of_edges() == 1
    (person,) = [n for n in H if n != "caritas"]
    assert H.nodes[person]["name"] == pseudonym("mario rossi", b"k")
    assert "note" not in H.nodes[person]


def test_a_new_key_is_announced_once_on_stderr(tmp_path, monkeypatch):
    """A missing key silently created one in the user's config: now the
    command says where, once, on stderr, and --json's stdout stays JSON."""
    import json

    from typer.testing import CliRunner

    from reterete.cli import app

    for var in ("RETERETE_KEY", "RETERETE_KEY_FILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    log = tmp_path / "log.csv"
    log.write_text("date,source,target\n2024-09-02,Ada,Bea\n", encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(app, ["centrality", str(log), "--anonymize", "--json"])
    assert first.exit_code == 0, first.output
    key_file = tmp_path / "config" / "reterete" / "key"
    assert key_file.exists()
    assert str(key_file) in first.stderr.replace("\n", "")
    assert json.loads(first.stdout)   # stdout is the JSON object alone
    second = runner.invoke(app, ["centrality", str(log), "--anonymize", "--json"])
    assert second.exit_code == 0 and "created" not in second.stderr
