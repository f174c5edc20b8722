"""The report's charts as SVG markup written directly, without a plotting library.

The evaluation report draws two pictures: a grid of small line charts (one
figure per period) and the network. Both are a few hundred shapes, so they
are written here as SVG text: no matplotlib to import (0.7 s) and no figure
to lay out and save (0.8 s on the 327-actor school week). Every word and
number is text in the page (searchable, printable, read by screen readers),
numbers are written as the language in force writes them
(:func:`reterete.i18n.format_decimal`: ``0,04`` in Italian) and every text
given by a user is escaped. Sizes are in points, as matplotlib's SVG was, so
a chart shows at the size it had.

Ties of the network are vector paths up to :data:`VECTOR_TIES_MAX` (about
30 bytes each); beyond, they are one embedded PNG drawn by matplotlib's Agg
backend (imported only then), so the page stays small whatever the network.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Hashable, Sequence
from html import escape as _escape_html

import numpy as np

__all__ = ["small_multiples", "network_picture", "nice_ticks", "VECTOR_TIES_MAX"]

#: Above this many ties the network picture draws them as one embedded
#: image instead of vector paths (20,000 paths are about 0.6 MB of page).
VECTOR_TIES_MAX = 20_000

BLUE = "#0072B2"
TIE_COLOR = "#9aa0a6"
EDGE_COLOR = "#333333"
GRID_COLOR = "#b0b0b0"
#: Average width of a character of the page's sans-serif font, in ems; a
#: generous guess, used only to leave room for labels.
_CHAR_EM = 0.6


def escape(text: str) -> str:
    """A user's text for SVG: escaped, and isolated when it could reorder the
    text around it (:func:`reterete.textsafe.isolate`)."""
    from ..textsafe import isolate

    return _escape_html(isolate(text))


def nice_ticks(low: float, high: float, n: int = 6) -> tuple[float, float, np.ndarray, int]:
    """An axis range and round tick values for data from ``low`` to ``high``.

    The range is the data's plus 5 % on each side (a flat series gets 5 % of
    its value, or 0.5 around 0; a spread under a billionth of the values
    counts as flat: rounding noise, not a change to draw); the ticks are the multiples of the first
    step of 1, 2, 2.5 or 5 times a power of ten that gives at most ``n + 1``
    ticks inside it, as matplotlib's ``MaxNLocator`` chooses them.

    Returns
    -------
    (axis_low, axis_high, ticks, digits)
        ``digits``: decimals that write every tick exactly.

    Examples
    --------
    >>> lo, hi, ticks, digits = nice_ticks(0.0909, 0.1466)
    >>> ticks.tolist(), digits
    ([0.1, 0.12, 0.14], 2)
    >>> nice_ticks(327.0, 327.0)[2].tolist()
    [320.0, 330.0, 340.0]
    >>> nice_ticks(45, 50)[2].tolist()
    [45.0, 46.0, 47.0, 48.0, 49.0, 50.0]
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    if high - low <= 1e-9 * max(abs(low), abs(high), 1e-9):   # flat, or rounding noise
        mid = (low + high) / 2
        low = high = mid if abs(mid) >= 1e-9 else 0.0
        pad = abs(low) * 0.05 or 0.5
    else:
        pad = (high - low) * 0.05
    low, high = low - pad, high + pad
    raw = (high - low) / max(1, n)
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * mag >= raw * (1 - 1e-9))
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    digits = max(0, -math.floor(math.log10(step) + 1e-9))
    if abs(step / 10.0 ** math.floor(math.log10(step) + 1e-9) - 2.5) < 1e-9:
        digits += 1
    ticks = np.round(np.arange(first, last + 1) * step, digits + 1) + 0.0  # no -0.0
    return low, high, ticks, digits


def small_multiples(periods: Sequence[str], series: dict[str, Sequence[float]], *,
                    cols: int = 3) -> str:
    """A grid of small line charts, one per figure, over the same periods.

    Parameters
    ----------
    periods : sequence of str
        The x axis: one label per period, in order.
    series : dict
        Title of each chart -> its values, one per period (NaN leaves a gap).
    cols : int
        Charts per row (fewer when there are fewer charts).

    Returns
    -------
    str
        An ``<svg>`` element: each chart a group titled by its name, each
        point titled "period: value" (a tooltip, and what a screen reader
        says), tick numbers in the language in force.

    Examples
    --------
    >>> svg = small_multiples(["2024-09", "2024-10"], {"density": [0.1, 0.25]})
    >>> svg.startswith("<svg") and "<title>2024-10: 0.25</title>" in svg
    True
    """
    from ..i18n import format_decimal

    n = len(series)
    cols = max(1, min(cols, n))
    rows = max(1, math.ceil(n / cols))
    pw, ph = 230.4, 165.6                       # a 3.2 x 2.3 inch panel, in points
    longest = max((len(p) for p in periods), default=0)
    bottom = 10 + longest * _CHAR_EM * 7 * 0.71  # labels turned 45 degrees
    ph = max(ph, 90 + bottom)
    width, height = pw * cols, ph * rows
    m = len(periods)
    names = ", ".join(series)
    out = [_svg_open(width, height), f"<title>{escape(names)}</title>",
           '<style>text{fill:#1f2328}</style>']
    for k, (name, values) in enumerate(series.items()):
        y = _floats(values)
        ox, oy = pw * (k % cols), ph * (k // cols)
        finite = y[np.isfinite(y)]
        lo, hi, ticks, digits = nice_ticks(float(finite.min()) if finite.size else np.nan,
                                           float(finite.max()) if finite.size else np.nan)
        labels = [format_decimal(t, digits, min_digits=digits) for t in ticks]
        left = ox + 12 + max((len(s) for s in labels), default=1) * _CHAR_EM * 7
        right = ox + pw - 12
        top, base = oy + 22, oy + ph - bottom
        span = right - left
        xs = (left + span * (np.arange(m) + 0.5) / m) if m else np.zeros(0)

        def ypos(v: np.ndarray, lo: float = lo, hi: float = hi, top: float = top,
                 base: float = base) -> np.ndarray:
            return base - (v - lo) / (hi - lo) * (base - top)

        out.append(f'<g><title>{escape(name)}</title>')
        out.append(f'<text x="{(left + right) / 2:.1f}" y="{oy + 14:.1f}" font-size="10" '
                   f'text-anchor="middle">{escape(name)}</text>')
        # grid, axes and tick labels
        grid = [f"M{left:.1f} {t:.1f}H{right:.1f}" for t in ypos(ticks)]
        every = max(1, math.ceil(9.0 / (span / m))) if m else 1   # labels 9 pt apart
        shown = range(0, m, every)
        grid += [f"M{xs[i]:.1f} {top:.1f}V{base:.1f}" for i in shown]
        out.append(f'<path d="{"".join(grid)}" stroke="{GRID_COLOR}" stroke-opacity="0.5" '
                   'stroke-width="0.8" fill="none"/>')
        out.append(f'<path d="M{left:.1f} {top:.1f}V{base:.1f}H{right:.1f}" stroke="#000" '
                   'stroke-width="0.8" fill="none"/>')
        for t, s in zip(ypos(ticks), labels, strict=True):
            out.append(f'<text x="{left - 5:.1f}" y="{t + 2.5:.1f}" font-size="7" '
                       f'text-anchor="end">{escape(s)}</text>')
        for i in shown:
            out.append(f'<text transform="translate({xs[i] + 2:.1f} {base + 8:.1f}) '
                       f'rotate(-45)" font-size="7" text-anchor="end">'
                       f"{escape(str(periods[i]))}</text>")
        # the line, broken where a value is missing, and its points
        yp = ypos(y)
        runs, run = [], []
        for i in range(m):
            if np.isfinite(y[i]):
                run.append(f"{xs[i]:.1f} {yp[i]:.1f}")
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        d = "".join("M" + "L".join(r) for r in runs if len(r) > 1)
        if d:
            out.append(f'<path d="{d}" stroke="{BLUE}" stroke-width="1.5" fill="none" '
                       'stroke-linejoin="round"/>')
        for i in np.flatnonzero(np.isfinite(y)):
            value = format_decimal(float(y[i]), 3)
            out.append(f'<circle cx="{xs[i]:.1f}" cy="{yp[i]:.1f}" r="3" fill="{BLUE}">'
                       f"<title>{escape(str(periods[i]))}: {escape(value)}</title></circle>")
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def network_picture(nodes: Sequence[Hashable], xy: np.ndarray, ends: np.ndarray,
                    weights: np.ndarray, *, sizes: np.ndarray, colors: Sequence[str],
                    names: dict[int, str], legend: Sequence[tuple[str, str]],
                    title: str = "") -> str:
    """The network as one SVG: ties, actors as circles, names, a legend.

    Parameters
    ----------
    nodes : sequence
        The actors, in the order of ``xy``'s rows.
    xy : ndarray, shape (n, 2)
        Positions (y upwards); scaled to fill the picture's left three quarters.
    ends : ndarray of int, shape (m, 2)
        The two ends of each tie, as rows of ``xy``.
    weights : ndarray, shape (m,)
        Tie weights: a tie is 0.5 to 2.5 points wide by the square root of
        its share of the largest.
    sizes : ndarray, shape (n,)
        Area of each actor's circle, in square points.
    colors : sequence of str
        Fill colour of each actor.
    names : dict
        Row of ``xy`` -> the name written beside it (the others stay unnamed).
    legend : sequence of (colour, label)
        The legend, top right, in order.
    title : str
        The picture's accessible name.

    Returns
    -------
    str
        An ``<svg>`` element, 9 x 7 inches (wider or taller when the legend
        needs it). Up to :data:`VECTOR_TIES_MAX` ties are paths, beyond one
        embedded PNG.

    Examples
    --------
    >>> svg = network_picture(["a", "b"], np.array([[0.0, 0.0], [1.0, 1.0]]),
    ...                       np.array([[0, 1]]), np.array([1.0]), sizes=np.array([20, 20]),
    ...                       colors=["#E69F00", "#56B4E9"], names={0: "Ada"},
    ...                       legend=[("#E69F00", "association")])
    >>> svg.count("<circle"), ">Ada</text>" in svg
    (3, True)
    """
    W, H = 648.0, 504.0
    box = (0.01 * W, 0.01 * H, 0.76 * W, 0.98 * H)    # left, top, width, height
    pts = _to_box(np.asarray(xy, dtype=float), box)
    lx, ly, row = box[0] + box[2] + 6, box[1] + 10, 13.0
    longest = max((len(label) for _, label in legend), default=0)
    W = max(W, lx + 16 + longest * _CHAR_EM * 8 + 6)
    H = max(H, ly + row * len(legend) + 6)
    out = [_svg_open(W, H), f"<title>{escape(title)}</title>"] if title else [_svg_open(W, H)]
    ends = np.asarray(ends, dtype=np.int64).reshape(-1, 2)
    if len(ends):
        w = np.asarray(weights, dtype=float)
        top = float(w.max()) if np.isfinite(w).all() and w.max() > 0 else 1.0
        widths = 0.5 + 2.0 * np.sqrt(np.clip(w / top, 0.0, 1.0))
        if len(ends) > VECTOR_TIES_MAX:
            out.append(_tie_image(pts, ends, widths, box))
        else:
            out.append(_tie_paths(pts, ends, widths))
    r = np.sqrt(np.asarray(sizes, dtype=float)) / 2
    out.append(f'<g stroke="{EDGE_COLOR}" stroke-width="0.5">')
    out.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{ri:.2f}" fill="{escape(c)}"/>'
               for (x, y), ri, c in zip(pts.tolist(), r.tolist(), colors, strict=True))
    out.append("</g>")
    out.append('<g font-size="7" style="fill:#1f2328">')
    out.extend(f'<text x="{pts[i, 0] + 4:.1f}" y="{pts[i, 1] - 4:.1f}">{escape(str(s))}</text>'
               for i, s in names.items())
    out.append("</g>")
    out.append('<g font-size="8" style="fill:#1f2328">')
    for j, (color, label) in enumerate(legend):
        y = ly + j * row
        out.append(f'<circle cx="{lx + 5:.1f}" cy="{y - 2.8:.1f}" r="3.5" fill="{escape(color)}" '
                   f'stroke="{EDGE_COLOR}" stroke-width="0.5"/>'
                   f'<text x="{lx + 16:.1f}" y="{y:.1f}">{escape(str(label))}</text>')
    out.append("</g></svg>")
    return "".join(out)


# ---------------------------------------------------------------- helpers
def _floats(values: Sequence[float]) -> np.ndarray:
    """Values as floats, NaN where one is missing or not a number."""
    out = np.full(len(values), np.nan)
    for i, v in enumerate(values):
        try:
            out[i] = float(v)
        except (TypeError, ValueError):
            pass
    return out


def _svg_open(width: float, height: float) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.1f}pt" '
            f'height="{height:.1f}pt" viewBox="0 0 {width:.1f} {height:.1f}" role="img">')


def _to_box(xy: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Positions scaled into ``box`` (y turned downwards), 5 % margins, as
    matplotlib's autoscaled axes put them."""
    if len(xy) == 0:
        return xy.reshape(0, 2)
    low, high = xy.min(axis=0), xy.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    low, span = low - 0.05 * span, 1.1 * span
    left, top, width, height = box
    x = left + (xy[:, 0] - low[0]) / span[0] * width
    y = top + (1.0 - (xy[:, 1] - low[1]) / span[1]) * height
    return np.column_stack([x, y])


def _tie_paths(pts: np.ndarray, ends: np.ndarray, widths: np.ndarray) -> str:
    """Ties as paths, one group per width (to a quarter point), each tie its
    own path so that crossings darken as they did."""
    quarter = np.round(widths * 4) / 4
    a, b = pts[ends[:, 0]], pts[ends[:, 1]]
    coords = np.round(np.column_stack([a, b]), 1).tolist()
    out = [f'<g stroke="{TIE_COLOR}" stroke-opacity="0.7" fill="none">']
    for w in np.unique(quarter):
        out.append(f'<g stroke-width="{w:g}">')
        out.extend(f'<path d="M{x0:g} {y0:g}L{x1:g} {y1:g}"/>'
                   for x0, y0, x1, y1 in (coords[i] for i in np.flatnonzero(quarter == w)))
        out.append("</g>")
    out.append("</g>")
    return "".join(out)


def _tie_image(pts: np.ndarray, ends: np.ndarray, widths: np.ndarray,
               box: tuple[float, float, float, float]) -> str:
    """Ties as one PNG (matplotlib's Agg at 100 dots per inch) placed over ``box``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    left, top, width, height = box
    fig = Figure(figsize=(width / 72, height / 72), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(left, left + width)
    ax.set_ylim(top + height, top)          # the picture's y runs downwards
    ax.set_axis_off()
    seg = np.stack([pts[ends[:, 0]], pts[ends[:, 1]]], axis=1)
    ax.add_collection(LineCollection(seg, colors=TIE_COLOR, alpha=0.7,
                                     linewidths=widths))   # points: 1 unit = 1 pt
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, transparent=True)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f'<image x="{left:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}" '
            f'preserveAspectRatio="none" href="data:image/png;base64,{data}"/>')
