"""The report's charts written as SVG (reterete.viz.charts): positions checked
against the data by hand, the two tie routes (paths, image) against each other."""

from __future__ import annotations

import base64
import io
import json
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reterete.i18n import language
from reterete.viz import charts
from reterete.viz.charts import network_picture, nice_ticks, small_multiples

SVG = "{http://www.w3.org/2000/svg}"


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)   # well-formed XML, every text escaped


# ------------------------------------------------------------------ ticks
def test_nice_ticks_by_hand():
    # data 0.0909 .. 0.1466: range +-5 % = 0.0881 .. 0.1494; a sixth of it is
    # 0.0102, so the step is 0.02 (1, 2, 2.5, 5 x 10^k) and the ticks 0.10 .. 0.14
    lo, hi, ticks, digits = nice_ticks(0.0909, 0.1466)
    assert lo == pytest.approx(0.0909 - 0.002785) and hi == pytest.approx(0.1466 + 0.002785)
    assert ticks.tolist() == [0.1, 0.12, 0.14] and digits == 2
    # a flat series gets 5 % of its value each side: 2,200 -> 2,090 .. 2,310, step 50
    assert nice_ticks(2200, 2200)[2].tolist() == [2100, 2150, 2200, 2250, 2300]
    # -0.06 .. 1.26: a sixth is 0.22, so the step is 0.25, which needs two decimals
    _, _, ticks, digits = nice_ticks(0.0, 1.2)
    assert ticks.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0, 1.25] and digits == 2
    assert nice_ticks(float("nan"), float("nan"))[:2] == pytest.approx((-0.05, 1.05))


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False), st.floats(0, 1e6, allow_nan=False))
def test_nice_ticks_cover_the_data(low, width):
    high = low + width
    lo, hi, ticks, digits = nice_ticks(low, high)
    assert lo <= low and high <= hi
    assert 1 <= len(ticks) <= 7
    assert ((ticks >= lo - 1e-9 * abs(lo)) & (ticks <= hi + 1e-9 * abs(hi))).all()
    steps = np.diff(ticks)
    if len(steps):
        assert np.allclose(steps, steps[0])
        # the decimals asked write every tick exactly
        assert np.allclose(np.round(ticks, digits), ticks, atol=steps[0] * 1e-6)


# ------------------------------------------------------------------ small multiples
def test_small_multiples_points_sit_on_their_values():
    periods = ["2024-09", "2024-10", "2024-11", "2024-12"]
    values = [4.0, float("nan"), 6.0, 7.0]
    with language("it"):
        svg = small_multiples(periods, {"grado medio": values, "densità": [0.1, 0.2, 0.3, 0.4]})
    root = _tree(svg)
    panels = root.findall(f"{SVG}g")
    assert [p.find(f"{SVG}title").text for p in panels] == ["grado medio", "densità"]
    first = panels[0]
    dots = first.findall(f"{SVG}circle")
    # a point for each value given, none for the missing one; titles in Italian
    assert [d.find(f"{SVG}title").text for d in dots] == ["2024-09: 4", "2024-11: 6",
                                                           "2024-12: 7"]
    ys = np.array([float(d.get("cy")) for d in dots])
    # y is linear in the value (downwards): 4 -> 6 -> 7 spaced 2:1
    assert (ys[0] - ys[1]) == pytest.approx(2 * (ys[1] - ys[2]), abs=0.15)
    # the tick labels, read back as numbers, sit where a point of that value would
    texts = [t for t in first.findall(f"{SVG}text") if t.get("text-anchor") == "end"
             and "rotate" not in (t.get("transform") or "")]
    ticks = [(float(t.text.replace(",", ".")), float(t.get("y")) - 2.5) for t in texts]
    (v0, y0), (v1, y1) = ticks[0], ticks[-1]
    per_unit = (y1 - y0) / (v1 - v0)
    for v, y in zip([4, 6, 7], ys, strict=True):
        assert y == pytest.approx(y0 + (v - v0) * per_unit, abs=0.15)
    # the missing value breaks the line: 4 alone, then 6 -> 7
    line = [p for p in first.findall(f"{SVG}path") if p.get("stroke") == charts.BLUE][0]
    assert line.get("d").count("M") == 1 and line.get("d").count("L") == 1
    # Italian decimals on the second chart's axis, with as many decimals on each
    second = [t.text for t in panels[1].findall(f"{SVG}text") if t.get("text-anchor") == "end"
              and "rotate" not in (t.get("transform") or "")]
    assert second and all(re.fullmatch(r"0,\d", s) for s in second)


def test_small_multiples_escapes_and_thins_labels():
    periods = [f"2024-W{w:02d}" for w in range(1, 53)]
    svg = small_multiples(periods, {"<b>x</b>": list(range(52))})
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg
    rotated = [t for t in _tree(svg).iter(f"{SVG}text") if "rotate" in (t.get("transform") or "")]
    assert 0 < len(rotated) < 52 and rotated[0].text == "2024-W01"   # labels 9 pt apart


# ------------------------------------------------------------------ network picture
def _picture(n_ties_max=None, monkeypatch=None):
    G = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)])
    xy = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, 1.0], [2.0, 2.0]])
    ends = np.array(list(G.edges()))
    return G, xy, ends, network_picture(
        list(G), xy, ends, np.array([1.0, 4.0, 1.0, 1.0]), sizes=np.array([20, 20, 200, 20]),
        colors=["#E69F00"] * 4, names={2: "<script>Ada</script>"},
        legend=[("#E69F00", "Associazione & co")], title="network")


def test_network_picture_ties_meet_their_actors():
    G, xy, ends, svg = _picture()
    root = _tree(svg)
    assert root.find(f"{SVG}title").text == "network"
    circles = [c for c in root.iter(f"{SVG}circle")]
    nodes = circles[:4]                 # then the legend's marker
    centre = np.array([[float(c.get("cx")), float(c.get("cy"))] for c in nodes])
    # by hand: x 0..2 and y 0..2 with 5 % margins into the box (6.48, 5.04, 492.48,
    # 493.92), y downwards
    x = 6.48 + (xy[:, 0] + 0.1) / 2.2 * 492.48
    y = 5.04 + (1 - (xy[:, 1] + 0.1) / 2.2) * 493.92
    assert centre == pytest.approx(np.column_stack([x, y]), abs=0.06)
    # radius: half the square root of the area in square points
    assert float(nodes[2].get("r")) == pytest.approx(math.sqrt(200) / 2, abs=0.01)
    paths = [p.get("d") for p in root.iter(f"{SVG}path")]
    assert len(paths) == G.number_of_edges()
    got = set()
    for d in paths:
        x0, y0, x1, y1 = map(float, re.fullmatch(r"M(\S+) (\S+)L(\S+) (\S+)", d).groups())
        u = int(np.argmin(np.hypot(*(centre - [x0, y0]).T)))
        v = int(np.argmin(np.hypot(*(centre - [x1, y1]).T)))
        assert np.hypot(*(centre[u] - [x0, y0])) < 0.1 and np.hypot(*(centre[v] - [x1, y1])) < 0.1
        got.add(frozenset((u, v)))
    assert got == {frozenset(e) for e in G.edges()}
    # the heaviest tie (weight 4 of 4) is 2.5 points wide, the others 0.5 + 2 * sqrt(1/4)
    widths = sorted(float(g.get("stroke-width")) for g in root.iter(f"{SVG}g")
                    if g.get("stroke-width") and g.find(f"{SVG}path") is not None)
    assert widths == [1.5, 2.5]
    # names escaped, legend written
    assert "<script>" not in svg and "&lt;script&gt;Ada&lt;/script&gt;" in svg
    assert "Associazione &amp; co" in svg


def test_network_picture_image_route_draws_the_same_ties(monkeypatch):
    pytest.importorskip("matplotlib")
    from PIL import Image

    G, xy, ends, vector = _picture()
    monkeypatch.setattr(charts, "VECTOR_TIES_MAX", 0)
    G, xy, ends, raster = _picture()
    root = _tree(raster)
    image = root.find(f"{SVG}image")
    assert image is not None and root.find(f"{SVG}path") is None
    png = Image.open(io.BytesIO(base64.b64decode(image.get("href").split(",", 1)[1])))
    left, top = float(image.get("x")), float(image.get("y"))
    width, height = float(image.get("width")), float(image.get("height"))
    assert png.size == (round(width / 72 * 100), round(height / 72 * 100))   # 100 dpi
    alpha = np.asarray(png.convert("RGBA"))[:, :, 3]
    scale = png.size[0] / width

    def opaque(x, y):   # any ink within a pixel of the point
        i, j = int(round((y - top) * scale)), int(round((x - left) * scale))
        return alpha[max(0, i - 1):i + 2, max(0, j - 1):j + 2].max() > 0

    # the middle of every tie of the vector route is ink in the image
    for d in (p.get("d") for p in _tree(vector).iter(f"{SVG}path")):
        x0, y0, x1, y1 = map(float, re.fullmatch(r"M(\S+) (\S+)L(\S+) (\S+)", d).groups())
        assert opaque((x0 + x1) / 2, (y0 + y1) / 2)
    # and far from every tie there is none: the top right corner of the box
    assert not opaque(left + width - 3, top + 3)
    # the actors stay vector circles in both
    assert len(root.findall(f"{SVG}g/{SVG}circle")) == len(G) + 1


# ------------------------------------------------------------------ the command's igraph
def test_igraph_without_plotting_gives_the_same_layout():
    code = """
import json, sys
import networkx as nx
from reterete.cli._common import igraph_without_plotting
if sys.argv[1] == "hidden":
    igraph_without_plotting()
    assert "igraph" in sys.modules and "matplotlib" not in sys.modules
from reterete.viz.layout import spring_positions
pos = spring_positions(nx.karate_club_graph(), seed=3)
import matplotlib.figure   # imports as usual after
print(json.dumps(pos.round(9).values.tolist()))
"""
    got = [json.loads(subprocess.run([sys.executable, "-c", code, how], capture_output=True,
                                     text=True, check=True).stdout)
           for how in ("hidden", "plain")]
    assert got[0] == got[1]
