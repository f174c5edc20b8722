"""The network page and the report, without a browser (see test_browser.py)."""

from __future__ import annotations

import html
import json
import re
import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from browser_helpers import HOSTILE, KEY, hostile_network, small_network
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reterete.errors import InputError
from reterete.identity import normalize_name
from reterete.network import Network
from reterete.privacy import pseudonym
from reterete.viz.page import PHYSICS_LIMIT, _assets, page_data, script_json, show, to_html


def _data_of(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="rr-data">(.*?)</script>', page, re.S)
    assert m, "no data element"
    return json.loads(m.group(1))


# ------------------------------------------------------------------ escaping
@settings(max_examples=150, deadline=None)
@given(st.text())
def test_script_json_round_trips_and_cannot_close_the_element(text):
    out = str(script_json({"name": text}))
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"name": text}


def test_hostile_names_stay_inside_the_data_element():
    page = to_html(hostile_network(), title=HOSTILE[1])
    # the only script elements are the three of the template (vis-network's own
    # code holds the text "<script>" in a string)
    ours = page.replace(str(_assets()[0]), "")
    assert ours.count("<script") == 3
    assert ours.count("</script>") == 3
    for bad in HOSTILE[:3] + ["<b>Piazza</b>", "<i>kind</i>", "<script>alert(2)"]:
        assert bad not in page
    data = _data_of(page)
    assert set(HOSTILE) <= set(data["nodes"]["label"])  # names come back unchanged
    assert "<b>Piazza</b>" in data["sites"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.split("<body>")[1][:300]


def test_page_requests_nothing():
    page = to_html(small_network())
    assert "Content-Security-Policy" in page and "default-src 'none'" in html.unescape(page)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", page)


# ------------------------------------------------------------------ content
def test_page_data_matches_the_graph():
    net = small_network()
    G = net.graph()
    data = page_data(net)
    ids = list(G)
    assert len(data["nodes"]["label"]) == G.number_of_nodes() == 6
    assert len(data["edges"]["from"]) == G.number_of_edges() == 5
    assert data["nodes"]["label"] == [G.nodes[v]["name"] for v in ids]
    # degree sizes equal networkx's degrees
    assert data["nodes"]["value"] == [float(G.degree(v)) for v in ids]
    assert data["nodes"]["degree"] == [G.degree(v) for v in ids]
    # each drawn edge is a tie of G
    drawn = {frozenset((ids[a], ids[b])) for a, b in zip(data["edges"]["from"],
                                                          data["edges"]["to"], strict=True)}
    assert drawn == {frozenset(e) for e in G.edges()}
    assert data["physics"] is True and "x" not in data["nodes"]


def test_node_sites_are_registry_sites_plus_tie_sites():
    data = page_data(small_network())
    sites = data["sites"]
    assert sites == ["Piazza Marconi", "Piazza Roma", "Via Orti Romani"]
    ptr, idx = data["nodes"]["sites_ptr"], data["nodes"]["sites_idx"]
    by_name = {name: {sites[c] for c in idx[ptr[i]:ptr[i + 1]]}
               for i, name in enumerate(data["nodes"]["label"])}
    assert by_name["Polizia Locale"] == {"Piazza Roma", "Via Orti Romani"}
    assert by_name["Caritas"] == {"Piazza Roma", "Piazza Marconi"}
    assert by_name["Anna Bianchi"] == {"Piazza Marconi"}


def test_months_come_from_the_interactions():
    # worked by hand: Polizia-Caritas has contacts in Sep and Nov, none in Oct
    data = page_data(small_network())
    assert data["months"] == ["September 2024", "October 2024", "November 2024"]
    labels = data["nodes"]["label"]
    pairs = [frozenset((labels[a], labels[b])) for a, b in zip(data["edges"]["from"],
                                                                data["edges"]["to"], strict=True)]
    pc = pairs.index(frozenset(("Polizia Locale", "Caritas")))
    sep, oct_, nov = (set(m) for m in data["month_edges"])
    assert pc in sep and pc not in oct_ and pc in nov
    assert sum(map(len, (sep, oct_, nov))) == 6  # six interactions, six (tie, month) pairs


def test_months_of_a_plain_graph_span_first_to_last():
    G = nx.Graph()
    G.add_edge("a", "b", first=pd.Timestamp("2024-01-15"), last=pd.Timestamp("2024-03-02"))
    G.add_edge("b", "c", first=pd.Timestamp("2024-03-01"), last=pd.Timestamp("2024-03-01"))
    G.add_edge("c", "d")  # no dates: in no month
    data = page_data(G, lang="it")
    assert data["months"] == ["gennaio 2024", "febbraio 2024", "marzo 2024"]
    assert data["month_edges"] == [[0], [0], [0, 1]]


def test_size_by_measures_and_mappings():
    G = nx.karate_club_graph()
    bc = nx.betweenness_centrality(G)
    assert page_data(G, size_by="betweenness")["nodes"]["value"] == \
        pytest.approx([bc[v] for v in G], abs=1e-6)
    pr = nx.pagerank(G)
    assert page_data(G, size_by="pagerank")["nodes"]["value"] == \
        pytest.approx([pr[v] for v in G], abs=1e-6)
    custom = page_data(G, size_by={0: 5.0})["nodes"]["value"]
    assert custom[0] == 5.0 and set(custom[1:]) == {0.0}
    with pytest.raises(InputError):
        page_data(G, size_by="fame")


def test_antennas_and_missing_antennas():
    data = page_data(small_network(), antennas=["caritas", "Bar Roma"])
    marked = {n for n, a in zip(data["nodes"]["label"], data["nodes"]["antenna"], strict=True)
              if a}
    assert marked == {"Caritas", "Bar Roma"}
    with pytest.warns(UserWarning, match="1 of the antennas"):
        page_data(small_network(), antennas=["Caritas", "Nobody"])


def test_site_and_window_restrict_the_picture():
    data = page_data(small_network(), site="piazza roma")
    assert sorted(data["nodes"]["label"]) == ["Caritas", "Polizia Locale"]
    assert data["site"] == "Piazza Roma"
    data = page_data(small_network(), start="2024-10", end="2024-10")
    assert len(data["edges"]["from"]) == 2
    with pytest.raises(InputError):
        page_data(small_network(), site="Nowhere")


def test_large_networks_get_python_positions_reproducibly():
    G = nx.barabasi_albert_graph(PHYSICS_LIMIT + 50, 2, seed=3)
    a, b = page_data(G, seed=5), page_data(G, seed=5)
    assert a["physics"] is False and len(a["nodes"]["x"]) == G.number_of_nodes()
    assert a["nodes"]["x"] == b["nodes"]["x"] and a["nodes"]["y"] == b["nodes"]["y"]
    assert page_data(G, seed=6)["nodes"]["x"] != a["nodes"]["x"]
    assert a["label_threshold"] > page_data(nx.path_graph(3))["label_threshold"]


def test_given_positions_are_used():
    G = nx.path_graph(3)
    data = page_data(G, positions={0: (0, 0), 1: (10, 5), 2: (20, 0)})
    assert data["physics"] is False and data["nodes"]["x"] == [0, 10, 20]
    with pytest.raises(InputError):
        page_data(G, positions={0: (0, 0)})


def test_anonymized_page_has_no_persons_names():
    net = small_network()
    page = to_html(net, anonymize=True, key=KEY, antennas=["Mario Rossi"])
    for secret in ("Mario", "mario", "Rossi", "Anna", "Bianchi", "said something"):
        assert secret not in page
    assert pseudonym("Mario Rossi", KEY) in page
    assert "Polizia Locale" in page and "Caritas" in page
    data = _data_of(page)
    i = data["nodes"]["label"].index(pseudonym("Mario Rossi", KEY))
    assert data["nodes"]["antenna"][i] == 1


def test_plain_graph_anonymized_by_is_person():
    G = nx.Graph()
    G.add_node("x", name="Secret Person", is_person=True)
    G.add_node("y", name="Open Org", is_person=False)
    G.add_edge("x", "y")
    page = to_html(G, anonymize=True, key=KEY)
    assert "Secret Person" not in page and "Open Org" in page


def test_languages_and_writing(tmp_path):
    out = tmp_path / "page.html"
    page = to_html(small_network(), out, lang="it")
    assert out.read_text(encoding="utf-8") == page
    assert 'lang="it"' in page and "Tutti i luoghi" in page and "Rete dei contatti" in page
    kinds = {k["key"]: k["label"] for k in _data_of(page)["kinds"]}
    assert kinds["police"] == "Polizia Locale"  # the glossary's spelling
    with pytest.raises(InputError):
        to_html(small_network(), lang="fr")
    with pytest.raises(InputError):
        to_html("not a network")


def test_directed_and_empty_graphs():
    D = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    assert len(page_data(D)["edges"]["from"]) == 2
    empty = page_data(nx.Graph())
    assert empty["nodes"]["label"] == [] and empty["months"] == []
    assert to_html(nx.Graph()).startswith("<!DOCTYPE html>")


def test_show_makes_a_sandboxed_iframe():
    shown = show(nx.path_graph(3), height=300)
    markup = shown.data
    assert markup.startswith("<div><iframe srcdoc=") and 'sandbox="allow-scripts"' in markup
    assert "<script" not in markup  # all of it escaped into the attribute


# ------------------------------------------------------------------ command line
CSV = ("date,source,target,site,kind\n"
       "2024-09-02,Polizia Locale,Caritas,Piazza Roma,walk\n"
       "2024-10-03,Caritas,Oratorio,Piazza Marconi,meeting\n"
       "2024-11-03,Mario Rossi,Caritas,Piazza Marconi,meeting\n")


@pytest.fixture
def contacts(tmp_path):
    path = tmp_path / "contatti.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_cli_viz(tmp_path, contacts, monkeypatch):
    from reterete.cli import app

    out = tmp_path / "net.html"
    result = CliRunner().invoke(app, ["viz", str(contacts), "-o", str(out), "--json",
                                      "--lang", "it", "--site", "Piazza Marconi"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"ok": True, "output": str(out)}
    assert sorted(_data_of(out.read_text("utf-8"))["nodes"]["label"]) == \
        ["Caritas", "Mario Rossi", "Oratorio"]
    bad = CliRunner().invoke(app, ["viz", str(contacts), "-o", str(out), "--site", "Nowhere"])
    assert bad.exit_code == 2


def test_cli_viz_anonymize_uses_the_key(tmp_path, contacts, monkeypatch):
    from reterete.cli import app

    monkeypatch.delenv("RETERETE_KEY", raising=False)
    key_file = tmp_path / "secret.key"
    key_file.write_text("cli key")
    out = tmp_path / "anon.html"
    result = CliRunner().invoke(app, ["viz", str(contacts), "-o", str(out), "--anonymize",
                                      "--key-file", str(key_file)])
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert "Mario" not in page and pseudonym("Mario Rossi", b"cli key") in page


# ------------------------------------------------------------------ report
def test_report_has_every_section():
    from reterete.viz.report import build_report

    report = build_report(small_network(), n_boot=50, seed=1)
    keys = [s.key for s in report.sections]
    assert keys[:5] == ["overview", "compare", "timeline", "activity", "picture"]
    assert keys[-3:] == ["brokers", "communities", "method"]
    assert [s.title for s in report.sections[5:-3]] == [
        "Site: Piazza Marconi", "Site: Piazza Roma", "Site: Via Orti Romani"]
    page = report.to_html()
    assert "Not available" not in page
    assert "<script" not in page  # the report needs no script at all
    assert "default-src 'none'" in html.unescape(page)
    assert page.count("<svg") == 2  # timeline charts and the network picture
    assert "Comparing September 2024 with November 2024." in page  # first against last month
    # both tests in the table; the intervals said to be conservative, the test trusted
    assert "p (every actor)" in page and "p (actors in both windows)" in page
    assert "cautious, that is wider than needed" in page
    assert "to tell whether a change is real, read the p value" in page
    assert report._repr_html_().startswith("<div><iframe srcdoc=")


def test_report_gaps_are_worked_by_hand():
    # At Piazza Marconi the team (Polizia Locale) reaches Caritas and Mario Rossi;
    # Bar Roma, Oratorio and Anna Bianchi have no tie to the team: the kinds
    # business, educational agency and key informant are gaps there.
    from reterete.viz.report import build_report

    report = build_report(small_network(), n_boot=20)
    (marconi,) = [s for s in report.sections if s.title == "Site: Piazza Marconi"]
    text = " ".join(b.text for b in marconi.blocks if b.kind == "p")
    gaps = text.split("Nobody on the team reaches these groups at this site: ")[1]
    assert {"kind business", "kind educational agency", "kind key informant"} <= \
        set(g.strip(" .") for g in gaps.split(";"))
    assert "association" not in gaps.split("sector")[0]


def test_report_escapes_hostile_names():
    from reterete.viz.report import report_html

    page = report_html(hostile_network(), n_boot=20, title=HOSTILE[0])
    for bad in HOSTILE[:3] + ["<b>Piazza</b>", "<script>alert(2)"]:
        assert bad not in page
    assert "<script" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_report_anonymized_has_no_persons_names(tmp_path):
    from reterete.viz.report import report_html

    out = tmp_path / "report.html"
    report_html(small_network(), out, n_boot=20, anonymize=True, key=KEY)
    page = out.read_bytes().decode("utf-8")
    for secret in ("Mario", "mario", "Rossi", "Anna", "Bianchi", "said something"):
        assert secret not in page
    assert pseudonym("Mario Rossi", KEY) in page and "Caritas" in page


def test_report_sections_degrade_when_a_module_is_missing(monkeypatch):
    from reterete.viz.report import build_report

    monkeypatch.setitem(sys.modules, "reterete.metrics.compare", None)
    monkeypatch.setitem(sys.modules, "reterete.metrics.recommend", None)
    report = build_report(small_network(), n_boot=20)
    compare = report.sections[1]
    assert compare.blocks[0].kind == "note" and "Not available" in compare.blocks[0].text
    site = report.sections[5]
    assert any(b.kind == "note" and "not available" in b.text for b in site.blocks)
    assert report.sections[0].blocks[0].kind == "table"  # the rest still there


def test_report_single_period_and_italian():
    from reterete.viz.report import report_html

    net = Network.from_interactions(pd.DataFrame({
        "date": ["2024-09-02", "2024-09-02"], "source": ["Ada", "Bea"],
        "target": ["Bea", "Cy"], "site": ["Piazza Roma", "Piazza Roma"]}))
    page = report_html(net, lang="it", n_boot=20)
    # one day of contacts written as days: a single period at any grain
    assert "un solo periodo (2 settembre 2024)" in page and "Inizio e fine a confronto" in page
    assert 'lang="it"' in page
    with pytest.raises(InputError):
        report_html(nx.Graph())


def test_cli_report(tmp_path, contacts):
    from reterete.cli import app

    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(contacts), "-o", str(out), "--json",
                                      "--boot", "20", "--lang", "it"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"ok": True, "output": str(out)}
    page = out.read_text("utf-8")
    assert "Rapporto di valutazione della rete" in page and "Piazza Marconi" in page
    result = CliRunner().invoke(app, ["report", str(contacts), "-o", str(out), "--anonymize",
                                      "--boot", "20", "--start", "2024-09:2024-09",
                                      "--end", "2024-11:2024-11"],
                                env={"RETERETE_KEY": "k"})
    assert result.exit_code == 0, result.output
    assert "Mario" not in out.read_text("utf-8")


# ------------------------------------------------------------------ fast routes
def _classical_mds(G: nx.Graph) -> tuple[np.ndarray, np.ndarray]:
    """Classical MDS from the full distance matrix (Torgerson), by hand:
    the coordinates and every eigenvalue, largest first."""
    D = np.asarray(nx.floyd_warshall_numpy(G), dtype=float) ** 2
    n = len(D)
    J = np.eye(n) - np.ones((n, n)) / n
    vals, vecs = np.linalg.eigh(-0.5 * J @ D @ J)
    vals, vecs = vals[::-1], vecs[:, ::-1]
    return vecs[:, :2] * np.sqrt(np.clip(vals[:2], 0, None)), vals


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 14), st.floats(0.3, 0.9), st.integers(0, 10**6))
def test_pivot_mds_with_every_node_a_pivot_is_classical_mds(n, p, seed):
    from reterete.viz.layout import pivot_mds

    G = nx.connected_watts_strogatz_graph(n, 2, p, seed=seed) if n > 4 else nx.path_graph(n)
    xy = pivot_mds(G, k=n, seed=seed)
    ref, vals = _classical_mds(G)
    # pivot MDS ranks axes by |eigenvalue|, classical MDS by eigenvalue; and a
    # tie for the second axis lets either pick any: compare where both are
    # defined alike, by the distances between points (signs of axes are free)
    if vals[1] <= abs(vals[-1]) + 1e-6 or np.isclose(vals[1], vals[2]):
        return
    d = np.linalg.norm(xy[:, None] - xy[None], axis=-1)
    d_ref = np.linalg.norm(ref[:, None] - ref[None], axis=-1)
    np.testing.assert_allclose(d, d_ref, atol=1e-7)


def test_pivot_mds_of_disconnected_and_tiny_graphs():
    from reterete.viz.layout import pivot_mds

    G = nx.Graph([(0, 1), (2, 3)])
    G.add_node(4)
    xy = pivot_mds(G, k=3, seed=0)
    assert xy.shape == (5, 2) and np.isfinite(xy).all()
    assert pivot_mds(nx.empty_graph(1)).shape == (1, 2)
    assert pivot_mds(nx.empty_graph(0)).shape == (0, 2)


def test_very_large_networks_get_a_pivot_start_reproducibly():
    from reterete.viz.layout import PIVOT_LIMIT, spring_positions

    G = nx.powerlaw_cluster_graph(PIVOT_LIMIT + 200, 3, 0.1, seed=1)
    G.add_edge(5, 5)  # a self-loop is ignored
    a, b = spring_positions(G, seed=4), spring_positions(G, seed=4)
    assert a.equals(b) and len(a) == len(G) and np.isfinite(a.to_numpy()).all()
    assert not a.equals(spring_positions(G, seed=5))
    assert np.abs(a.to_numpy()).max() == pytest.approx(40 * np.sqrt(len(G)))
    # as readable as the plain simulation (50 steps from a random start):
    # ties about as short against the distance between random actors
    plain = spring_positions(G, seed=4, niter=max(50, 1_000_000 // len(G)))
    u, v = np.array([(a, b) for a, b in G.edges() if a != b]).T
    r1, r2 = np.random.default_rng(0).integers(len(G), size=(2, 5000))

    def tie_ratio(pos):
        xy = pos.to_numpy()
        return (np.linalg.norm(xy[u] - xy[v], axis=1).mean()
                / np.linalg.norm(xy[r1] - xy[r2], axis=1).mean())

    assert tie_ratio(a) < 1.1 * tie_ratio(plain) and tie_ratio(a) < 0.7
    assert not a.equals(plain)  # niter given: the plain route, as below the limit


def _page_data_slow(G: nx.Graph) -> dict:
    """The edge columns as the page computed them before the fast path."""
    ids = list(G)
    index = {v: i for i, v in enumerate(ids)}
    rows = [(index[u], index[v], d.get("sites") or ()) for u, v, d in G.edges(data=True)]
    esites = [tuple(map(str, t)) for _, _, t in rows]
    sites = sorted({x for t in esites for x in t}
                   | {str(x) for v in ids for x in (G.nodes[v].get("sites") or ())},
                   key=normalize_name)
    code = {x: i for i, x in enumerate(sites)}
    return {"from": [r[0] for r in rows], "to": [r[1] for r in rows], "sites_list": sites,
            "sites": [[code[x] for x in t] for t in esites]}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7),
                          st.lists(st.sampled_from(["A", "b", "Via Po", 1, 1.0, True]),
                                   max_size=3, unique_by=str)), max_size=25),
       st.booleans())
def test_edge_columns_equal_the_plain_route(ties, as_lists):
    G = nx.Graph()
    for u, v, s in ties:
        G.add_edge(u, v, sites=list(s) if as_lists else tuple(s))
    data, slow = page_data(G), _page_data_slow(G)
    assert data["edges"]["from"] == slow["from"] and data["edges"]["to"] == slow["to"]
    assert data["sites"] == slow["sites_list"] and data["edges"]["sites"] == slow["sites"]


def test_italian_report_names_kinds_and_totals_in_italian(cremona_net):
    from reterete.viz.report import report_html

    page = report_html(cremona_net, lang="it", n_boot=20)
    assert "Terzo settore" in page and "Testimone privilegiato" in page
    assert "densità" in page and "legami tra settori" in page and "grado medio" in page
    assert "<td>totale</td>" in page or ">totale<" in page
    english = report_html(cremona_net, lang="en", n_boot=20)
    assert ">total<" in english and "Terzo settore" not in english


# ------------------------------------------------------------------ colours
def test_colour_defaults_to_kind_and_falls_back_to_sector():
    from reterete.viz.colors import color_groups, resolve_color

    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "police", "b": "resident", "c": "resident"}, "kind")
    nx.set_node_attributes(G, {"a": "x", "b": "y", "c": "y"}, "sector")
    assert resolve_color(G) == "kind"
    assert [g["key"] for g in page_data(G)["colors"]["groups"]] == ["police", "resident"]
    nx.set_node_attributes(G, "resident", "kind")          # everyone the same kind
    assert resolve_color(G) == "sector"
    data = page_data(G)
    assert data["colors"]["by"] == "sector" and data["colors"]["title"] == "Sectors"
    assert [(g["label"], g["count"]) for g in data["colors"]["groups"]] == [("x", 1), ("y", 2)]
    assert data["nodes"]["color"] == [0, 1, 1]
    # Italian names of the attributes, any case; unknown and private columns refused
    assert resolve_color(G, "Settore") == "sector" and resolve_color(G, "LUOGO") == "site"
    with pytest.raises(InputError, match="no attribute 'quartiere'"):
        color_groups(G, "quartiere")
    with pytest.raises(InputError, match="names or free text"):
        color_groups(G, "name")


def test_report_picture_follows_the_colour(cremona_net):
    from reterete.viz.report import build_report

    report = build_report(cremona_net, n_boot=20, color="sector")
    picture = next(s for s in report.sections if s.key == "picture")
    figure = picture.blocks[0]
    assert "colour shows the sector" in figure.text
    sectors = set(cremona_net.actors["sector"].dropna())
    for sector in sectors:   # the legend's labels are text in the svg
        assert html.escape(sector) in figure.svg
    with pytest.raises(InputError, match="no attribute"):
        build_report(cremona_net, n_boot=20, color="nothing")


def test_cli_viz_color_and_bad_color(tmp_path, contacts):
    from reterete.cli import app

    out = tmp_path / "page.html"
    result = CliRunner().invoke(app, ["viz", str(contacts), "-o", str(out), "--color",
                                      "sector", "--json"])
    assert result.exit_code == 0, result.output
    assert _data_of(out.read_text("utf-8"))["colors"]["by"] == "sector"
    result = CliRunner().invoke(app, ["viz", str(contacts), "-o", str(out), "--color",
                                      "zodiac"])
    assert result.exit_code == 2 and "zodiac" in result.output


def test_report_says_where_ages_count_from():
    # the recommendations' "last seen ... before <day>" read with the note saying
    # which day that is (the last contact in the logs, not today)
    from reterete.viz.report import build_report

    report = build_report(small_network(), n_boot=20, seed=1)
    notes = [b.text for s in report.sections if s.key.startswith("site-") for b in s.blocks
             if b.kind == "note"]
    assert any("Days count back from 10 November 2024" in (t or "") for t in notes)


def test_anonymized_pages_refuse_colours_that_may_name_people():
    # a registry column holding persons' names must not reach an anonymized
    # legend: with --anonymize only kind, sector and site colour the actors
    from reterete.viz.report import build_report

    base = small_network()
    actors = base.actors.assign(referente=["Mario Rossi", "Anna Bianchi", "x", "y", "z", None])
    net = Network.from_interactions(base.interactions, actors.reset_index(drop=True)
                                    .assign(name=list(base.actors["name"])))
    assert "Mario Rossi" in {g["label"] for g in page_data(net, color="referente")["colors"]
                             ["groups"]}
    for build in (lambda: page_data(net, color="referente", anonymize=True, key=KEY),
                  lambda: build_report(net, n_boot=10, color="referente", anonymize=True,
                                       key=KEY)):
        with pytest.raises(InputError, match="kind, sector, site or community only"):
            build()
    page = to_html(net, color="sector", anonymize=True, key=KEY)
    assert "Mario" not in page


# ------------------------------------------------------------------ colour by community
def _two_cliques(names=("Ada", "Bea", "Cy", "Dan", "Eva", "Fede", "Gio", "Hana")):
    # two cliques of four joined by one tie: by hand, the groups are the cliques
    G = nx.relabel_nodes(nx.barbell_graph(4, 0), dict(enumerate(names)))
    nx.set_node_attributes(G, {v: v for v in G}, "name")
    return G


def test_page_colours_by_community_named_by_most_tied_members():
    from reterete.metrics.communities import communities

    G = _two_cliques()
    data = page_data(G, color="community")
    assert data["colors"]["by"] == "community"
    assert data["colors"]["title"] == "Groups (communities)"
    groups = data["colors"]["groups"]
    # each clique is one group (hand-worked), coloured apart, named by its 3 most tied
    # members (the bridge ends Dan and Eva have 4 ties, 3 of them inside)
    assert [g["count"] for g in groups] == [4, 4]
    assert len({g["color"] for g in groups}) == 2
    codes = data["nodes"]["color"]
    by_code = {c: {v for v, k in zip(G, codes, strict=True) if k == c} for c in set(codes)}
    assert sorted(map(sorted, by_code.values())) == [["Ada", "Bea", "Cy", "Dan"],
                                                     ["Eva", "Fede", "Gio", "Hana"]]
    found = communities(G, seed=0)
    for c, members in by_code.items():
        leaders = found.table.loc[found.membership[next(iter(members))], "leaders"]
        assert groups[c]["label"] == ", ".join(leaders) + " and 1 other"
    # the same seed gives the same colours; Italian aliases of the option
    assert page_data(G, color="comunità")["nodes"]["color"] == codes
    assert page_data(G, color="Gruppi", lang="it")["colors"]["groups"][0]["label"].endswith(
        "e 1 altro")


def test_community_legend_lumps_small_groups_and_single_actors():
    from reterete.viz.colors import COMMUNITY_COLORS, color_groups

    G = nx.Graph()
    for i in range(COMMUNITY_COLORS + 3):       # 15 separate triangles
        G.add_edges_from([(f"{i}a", f"{i}b"), (f"{i}b", f"{i}c"), (f"{i}a", f"{i}c")])
    G.add_nodes_from(["alone1", "alone2"])
    cg = color_groups(G, "community")
    assert len(cg.groups) == COMMUNITY_COLORS + 1
    other = cg.groups[-1]
    assert other["key"] == "*" and other["label"] == "5 smaller groups or actors on their own"
    assert other["count"] == 3 * 3 + 2 == sum(c == COMMUNITY_COLORS for c in cg.codes)
    assert sum(g["count"] for g in cg.groups) == G.number_of_nodes()
    assert cg.codes[list(G).index("alone1")] == COMMUNITY_COLORS


def test_community_legend_shows_hostile_names_as_text_and_isolated():
    from reterete.textsafe import FSI, PDI

    evil = "Bar \u202eamoR"
    G = _two_cliques(("<img src=x onerror=alert(1)>", evil, "Cy", "Dan", "Eva", "Fede",
                      "Gio", "</script>"))
    labels = [g["label"] for g in page_data(G, color="community")["colors"]["groups"]]
    assert FSI + evil + PDI in " ".join(labels)
    assert "<img src=x onerror=alert(1)>" in " ".join(labels)
    page = to_html(G, color="community")   # in the page only as escaped JSON text
    assert "<img src=x" not in page
    assert [g["label"] for g in _data_of(page)["colors"]["groups"]] == labels


def test_anonymized_community_legend_names_nobody(cremona_net):
    from reterete.viz.report import build_report

    data = page_data(cremona_net, color="community", anonymize=True, key=KEY)
    labels = [g["label"] for g in data["colors"]["groups"]]
    assert labels == [f"Group {i}" for i in range(1, len(labels) + 1)]
    named = [g["label"] for g in page_data(cremona_net, color="community")["colors"]["groups"]]
    assert named != labels and all(" and " in x for x in named)
    page = to_html(cremona_net, color="community", anonymize=True, key=KEY)
    persons = cremona_net.actors.loc[cremona_net.actors["is_person"].fillna(False).astype(bool),
                                     "name"]
    assert len(persons) and not [p for p in persons if p in page]
    report = build_report(cremona_net, n_boot=10, color="community", anonymize=True, key=KEY)
    picture = next(s for s in report.sections if s.key == "picture").blocks[0]
    assert "Group 1" in picture.svg and "colour shows the group (community)" in picture.text
    assert not [p for p in persons if html.escape(p) in picture.svg]


def test_cli_viz_and_report_colour_by_community(tmp_path, contacts):
    from reterete.cli import app

    out = tmp_path / "page.html"
    result = CliRunner().invoke(app, ["viz", str(contacts), "-o", str(out), "--color",
                                      "community", "--json"])
    assert result.exit_code == 0, result.output
    data = _data_of(out.read_text("utf-8"))
    assert data["colors"]["by"] == "community" and data["colors"]["groups"]
    rep = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(contacts), "-o", str(rep), "--color",
                                      "community", "--boot", "20", "--anonymize", "--json"])
    assert result.exit_code == 0, result.output
