"""The pages in a real browser: Debian's Chromium driven by Playwright.

Each page is opened from file:// with every other request blocked and
recorded; none may happen, and no console error, page error or dialog may
appear. Screenshots go to tests/_artifacts/ for a person to look at.
Outside CI these tests skip when Chromium is missing; in CI they fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest
from browser_helpers import HOSTILE, KEY, chromium, hostile_network, small_network

from reterete.viz.page import to_html

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "_artifacts"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@dataclass
class Opened:
    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def eval(self, script: str):
        return self.page.evaluate(script)

    def visible(self) -> tuple[int, int]:
        return tuple(self.eval("[nodes.get({filter: n => !n.hidden}).length,"
                               " edges.get({filter: e => !e.hidden}).length]"))

    def clean(self) -> None:
        assert self.requests == [], f"the page asked the network for {self.requests}"
        assert self.errors == [], f"errors in the page: {self.errors}"
        assert self.dialogs == [], f"the page opened dialogs: {self.dialogs}"


@pytest.fixture
def open_page(browser):
    contexts = []

    def _open(path: Path, *, wait_for: str | None = "typeof network !== 'undefined'",
              settle_ms: int = 300) -> Opened:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                opened.requests.append(r.request.url)
                r.abort()

        def on_dialog(d):
            opened.dialogs.append(d.message)
            d.dismiss()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and opened.errors.append(m.text))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on("dialog", on_dialog)
        page.goto(path.resolve().as_uri())
        if wait_for:
            page.wait_for_function(wait_for)
        page.wait_for_timeout(settle_ms)
        return opened

    yield _open
    for c in contexts:
        c.close()


def _shot(opened: Opened, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / name))


def test_page_offline_counts_filters_search(tmp_path, open_page):
    net = small_network()
    G = net.graph()
    path = tmp_path / "page.html"
    to_html(net, path, antennas=["Caritas"])
    o = open_page(path, wait_for="typeof network !== 'undefined'", settle_ms=1500)
    o.clean()
    assert o.eval("[nodes.length, edges.length]") == [G.number_of_nodes(),
                                                      G.number_of_edges()]
    assert o.eval("network.body.data.nodes.length") == G.number_of_nodes()
    assert o.visible() == (6, 5)
    _shot(o, "page.png")

    # site filter (hand-worked: at Piazza Roma, Polizia Locale and Caritas, one tie)
    o.page.select_option("#rr-site", label="Piazza Roma")
    assert o.visible() == (2, 1)
    # ... with the site's actors' contacts elsewhere: + Mario Rossi, Oratorio
    o.page.check("#rr-focus")
    assert o.visible() == (4, 3)
    o.page.click("#rr-reset")
    assert o.visible() == (6, 5)

    # legend: hiding the police hides Polizia Locale and its two ties
    kinds = o.eval("RR.kinds.map(k => k.key)")
    o.page.uncheck(f'#rr-legend input[data-kind="{kinds.index("police")}"]')
    assert o.visible() == (5, 3)
    o.page.click("#rr-reset")

    # sector filter
    o.page.select_option("#rr-sector", label="welfare")
    assert o.visible()[0] == 1
    o.page.click("#rr-reset")

    # months: October 2024 has Caritas-Oratorio and Bar Roma-Mario Rossi
    o.page.fill("#rr-month", "2")
    assert o.page.text_content("#rr-month-label") == "October 2024"
    assert o.visible() == (4, 2)
    o.page.click("#rr-reset")

    # search, ignoring case
    o.page.fill("#rr-search", "rOSSi")
    selected = o.eval("network.getSelectedNodes().map(i => nodes.get(i).label)")
    assert selected == ["Mario Rossi"]
    assert o.page.text_content("#rr-search-status").startswith("1 ")
    _shot(o, "page-search.png")
    o.clean()


def test_hostile_names_show_as_text(tmp_path, open_page):
    path = tmp_path / "hostile.html"
    to_html(hostile_network(), path, title=HOSTILE[1])
    o = open_page(path, settle_ms=1500)
    labels = o.eval("nodes.get().map(n => n.label)")
    assert set(HOSTILE) <= set(labels)
    assert o.page.title() == HOSTILE[1]
    assert o.page.text_content("#rr-title") == HOSTILE[1]
    # no element was injected by a name
    assert o.eval("document.querySelectorAll('img, svg, iframe, object').length") == 0
    assert o.eval("document.scripts.length") == 3
    # site and sector names appear as option text
    options = o.eval("Array.from(document.querySelectorAll('option')).map(x => x.textContent)")
    assert "<b>Piazza</b>" in options
    assert "</script><script>alert(2)</script>" in options
    # the tooltip is text: hover the first hostile node
    idx = labels.index(HOSTILE[0])
    xy = o.eval(f"""(() => {{
        const p = network.canvasToDOM(network.getPosition({idx}));
        const r = document.getElementById('rr-network').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }})()""")
    o.page.mouse.move(xy[0], xy[1])
    o.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    tip = o.eval("(() => { const t = document.querySelector('div.vis-tooltip');"
                 " return [t.innerText, Array.from(t.children).map(c => c.tagName)]; })()")
    # vis-network sets innerText: the only elements are its line breaks; the name is
    # isolated (FSI...PDI) so a right-to-left override cannot reverse the rest
    assert tip[0].startswith("\u2068" + HOSTILE[0] + "\u2069") and set(tip[1]) <= {"BR"}
    _shot(o, "page-hostile.png")
    o.clean()


def test_large_page_with_python_layout(tmp_path, open_page):
    G = nx.barabasi_albert_graph(600, 2, seed=2)
    for v in G:
        G.nodes[v].update(name=f"Actor {v}", kind=("association", "resident", "police")[v % 3],
                          is_person=v % 3 == 1)
    path = tmp_path / "large.html"
    to_html(G, path, anonymize=True, key=KEY)
    o = open_page(path, settle_ms=500)
    o.clean()
    assert o.eval("[nodes.length, edges.length]") == [600, G.number_of_edges()]
    assert o.eval("network.physics.options.enabled") is False
    # positions are the ones computed in Python
    assert o.eval("network.getPosition(0).x") == pytest.approx(o.eval("RR.nodes.x[0]"))
    _shot(o, "page-large.png")


def test_report_offline_and_hostile_names(tmp_path, open_page):
    from reterete.viz.report import report_html

    path = tmp_path / "report.html"
    report_html(hostile_network(), path, n_boot=20, title=HOSTILE[1])
    o = open_page(path, wait_for=None, settle_ms=200)
    o.clean()
    assert o.page.title() == HOSTILE[1]
    assert o.eval("document.scripts.length") == 0
    assert o.eval("document.querySelectorAll('img, iframe, object, svg svg').length") == 0
    cells = o.eval("Array.from(document.querySelectorAll('th, td')).map(x => x.textContent)")
    assert HOSTILE[0] in cells
    # charts drawn, and the network picture names actors as text
    assert o.eval("document.querySelectorAll('figure svg').length") == 2
    svg_text = o.eval("Array.from(document.querySelectorAll('figure svg text'))"
                      ".map(t => t.textContent).join(' ')")
    assert HOSTILE[0] in svg_text


def test_cremona_report_screenshot(tmp_path, open_page, cremona_net):
    from reterete.viz.report import report_html

    path = tmp_path / "cremona.html"
    report_html(cremona_net, path, n_boot=100, lang="it")
    o = open_page(path, wait_for=None, settle_ms=200)
    o.clean()
    assert o.eval("document.querySelectorAll('section').length") == 11
    # the communities section: its groups' table and its bridges, laid out
    heads = o.eval("Array.from(document.querySelectorAll('#communities h3'))"
                   ".map(h => h.textContent)")
    assert heads == ["Quali settori mettono insieme", "Chi fa da ponte tra i gruppi"]
    assert o.eval("document.querySelectorAll('#communities table').length") == 2
    o.page.set_viewport_size({"width": 1100, "height": 1400})
    _shot(o, "report-cremona.png")
    o.page.locator("section#communities").screenshot(
        path=str(ARTIFACTS / "report-cremona-communities.png"))


def _legend(o: Opened) -> list[str]:
    """The legend's entries as a person reads them (name, without the count)."""
    return o.eval("Array.from(document.querySelectorAll('#rr-legend li label'))"
                  ".map(l => l.childNodes[2].textContent.trim())")


def _node_colors(o: Opened) -> dict[str, str]:
    return o.eval("Object.fromEntries(nodes.get().map(n => [n.label, n.color.background]))")


@pytest.mark.parametrize("color", ["sector", "site", "quartiere"])
def test_page_colours_by_an_attribute_and_the_legend_follows(tmp_path, open_page, color):
    from reterete.network import Network

    base = small_network()
    actors = base.actors.assign(quartiere=["Nord", "Sud", "Nord", "Centro", "Sud", None])
    net = Network.from_interactions(base.interactions, actors.reset_index(drop=True)
                                    .assign(name=list(base.actors["name"])))
    G = net.graph()
    path = tmp_path / f"page-{color}.html"
    to_html(net, path, color=color)
    o = open_page(path, settle_ms=600)
    o.clean()
    # what each actor is, computed here from the network (not from the page)
    if color == "sector":
        expected = {G.nodes[v]["name"]: G.nodes[v].get("sector") or "not given" for v in G}
        title = "Sectors"
    elif color == "site":
        sites = {v: set(G.nodes[v].get("sites") or ()) for v in G}
        for u, v, d in G.edges(data=True):
            sites[u] |= set(d["sites"])
            sites[v] |= set(d["sites"])
        expected = {G.nodes[v]["name"]: (next(iter(s)) if len(s) == 1 else "several sites")
                    for v, s in sites.items()}
        title = "Sites"
    else:
        expected = {G.nodes[v]["name"]: G.nodes[v].get("quartiere") or "not given"
                    for v in G}
        title = "Colour: quartiere"
    legend = _legend(o)
    assert sorted(legend) == sorted(set(expected.values()))
    assert o.page.text_content("#rr-legend-title") == title
    # one colour per legend entry, and each actor has its entry's colour
    swatches = o.eval("Array.from(document.querySelectorAll('#rr-legend .rr-swatch'))"
                      ".map(s => getComputedStyle(s).backgroundColor)")
    assert len(set(swatches)) == len(legend)
    colour_of = dict(zip(legend, o.eval("RR.colors.groups.map(g => g.color)"), strict=True))
    assert _node_colors(o) == {name: colour_of[group] for name, group in expected.items()}
    # hiding one entry hides exactly its actors
    first = legend[0]
    o.page.uncheck('#rr-legend input[data-group="0"]')
    assert o.visible()[0] == sum(g != first for g in expected.values())
    _shot(o, f"page-color-{color}.png")
    o.clean()


def test_page_of_one_site_does_not_offer_all_sites(tmp_path, open_page):
    # Regression: viz --site S showed "All sites" in its site filter
    path = tmp_path / "site.html"
    to_html(small_network(), path, site="Piazza Marconi")
    o = open_page(path, settle_ms=600)
    o.clean()
    options = o.eval("Array.from(document.querySelectorAll('#rr-site option'))"
                     ".map(x => x.textContent)")
    assert options == ["Piazza Marconi"]
    assert o.eval("document.getElementById('rr-site').disabled") is True
    assert o.page.is_hidden("#rr-focus")
    assert "All sites" not in o.page.inner_text("aside")
    _shot(o, "page-one-site.png")


def test_page_colours_by_community_with_hostile_names(tmp_path, open_page):
    # two cliques joined by one tie (the groups by hand), named by hostile names:
    # the legend shows them as text, one colour per group, hiding a group hides it
    from reterete.metrics.communities import communities

    names = [HOSTILE[0], HOSTILE[1], "Bar \u202eamoR", "Dan", "Eva", HOSTILE[2], "Gio",
             HOSTILE[3]]
    G = nx.relabel_nodes(nx.barbell_graph(4, 0), dict(enumerate(names)))
    path = tmp_path / "page-community.html"
    to_html(G, path, color="community")
    o = open_page(path, settle_ms=600)
    o.clean()
    found = communities(G, seed=0)
    legend = _legend(o)
    assert len(legend) == 2 and o.page.text_content("#rr-legend-title") == "Groups (communities)"
    for entry in legend:
        gid = next(g for g in range(2) if str(found.groups[g][0]) in entry)
        assert all(str(a) in entry for a in found.table.loc[gid, "leaders"])
    assert o.eval("document.querySelectorAll('#rr-legend img, #rr-legend svg, "
                  "#rr-legend script').length") == 0
    colours = _node_colors(o)
    for group in found.groups:
        assert len({colours[a] for a in group}) == 1
    assert colours[names[0]] != colours[names[-1]]
    o.page.uncheck('#rr-legend input[data-group="0"]')
    assert o.visible()[0] == 4
    _shot(o, "page-color-community.png")
    o.clean()


@pytest.mark.parametrize("lang", ["it", "en"])
def test_counts_on_the_page_agree_at_one(open_page, tmp_path, lang):
    # issue 21: the page's status line and search count chose no plural
    # ("1 / 1 legami visibili", "1 trovati")
    import pandas as pd

    from reterete import Network

    net = Network.from_interactions(pd.DataFrame({
        "date": ["2024-09-02"], "source": ["Ada Rossi"], "target": ["Bea Verdi"]}))
    path = tmp_path / "rete.html"
    path.write_text(to_html(net, lang=lang), encoding="utf-8")
    o = open_page(path)
    status = o.page.text_content("#rr-status")
    o.page.fill("#rr-search", "ada")
    found = o.page.text_content("#rr-search-status")
    if lang == "it":
        assert status == "Visibili: 2 / 2 attori, 1 / 1 legame", status
        assert found.startswith("1 trovato"), found
    else:
        assert status == "Shown: 2 / 2 actors, 1 / 1 tie", status
        assert found.startswith("1 found"), found
    o.clean()
