"""Start versus end: how the network changed, with intervals and tests.

An evaluator's question, "is the network denser, less dependent on a few
actors and better integrated across sectors at the end than at the start, and
is the difference more than noise?", answered metric by metric: the value in
each window, the change, a vertex-bootstrap interval of the change, its
jackknife standard error and paired permutation tests of window labels (on
the actors present in both windows, and on all actors). The engines behind
it are in :mod:`reterete.metrics._bootstrap`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import InputError
from ..i18n import (
    FIGURE_KINDS,
    _,
    articled,
    at_place,
    format_figure,
    format_p_value,
    format_percent,
    format_period,
    format_range,
    ngettext,
    pgettext,
    the_count,
)
from . import _bootstrap as bs

__all__ = ["compare", "compare_graphs", "sector_pairs", "sector_pair_ties", "Comparison",
           "METRICS"]

#: Metrics compared, in the order reported.
METRICS = ("actors", "ties", "density", "mean_degree", "degree_centralization", "ei_index",
           "cross_sector_ties", "components", "largest_component_share", "average_clustering",
           "average_path_length")
#: Path figures: measured on explicit graphs (each resample's, relabelling's or
#: leave-one-out window's own largest component), beside the engines' FAST and SLOW.
PATH = ("average_path_length",)

_LABELS = {
    "actors": "actors", "ties": "ties", "density": "density", "mean_degree": "mean degree",
    "degree_centralization": "degree centralization", "ei_index": "E-I index",
    "cross_sector_ties": "cross-sector ties", "components": "components",
    "largest_component_share": "largest component share",
    "average_clustering": "average clustering",
    "average_path_length": "average path length (steps)",
    # a roster survey's own figures (reterete.survey.compare)
    "named_ties": "ties named", "named_density": "density of named ties",
    "reciprocity": "reciprocity", "trust_mean": "mean trust", "value_mean": "mean value",
}
#: How each figure is written (:func:`reterete.i18n.format_figure`): counts as
#: whole numbers, shares as percentages, means with 2 decimals, the rest
#: (measures between -1 and 1) with 3; the one table of every figure shown is
#: :data:`reterete.i18n.FIGURE_KINDS`, imported here by that name.
_COLUMNS = ["name", "start", "end", "delta", "ci_low", "ci_high", "p_value", "p_value_all",
            "se_boot", "se_jackknife", "delta_common", "n_start", "n_end", "n_common",
            "interval", "test", "note"]
_NO_BOOT = {
    "components": "no interval: resampling actors breaks the paths through the actors it "
                  "leaves out, so the bootstrap misstates connectivity; the tests still apply",
}
_NO_BOOT["largest_component_share"] = _NO_BOOT["components"]
# a resample leaves about a third of the actors out and copies others: paths
# through the left-out ones are cut, copies are not tied to each other, so the
# resampled lengths are not centred on the observed ones (on the bundled
# example the resampled change is -0.27 where the observed one is -0.73, and
# the percentile interval, -0.89 to +0.67, held 0 beside a test at p < 0.001)
_NO_BOOT["average_path_length"] = (
    "no interval: resampling actors leaves some out, cutting the paths through them, "
    "and copies others, so resampled path lengths are not centred on the observed one; "
    "the tests still apply")
_ROUGH = {"average_clustering": "rough interval: resampling duplicates actors, whose copies "
                                "share neighbours but are rarely tied to each other"}
#: Above this many actors (in either window) components, largest-component
#: share and clustering get no interval or test unless asked for by name:
#: those resample whole graphs, minutes on thousands of actors.
RESAMPLE_GRAPHS_UP_TO = 500


#: The average path length is measured on every relabelled and leave-one-out
#: network (about 4,000 searches with 1,000 resamples; no bootstrap, _NO_BOOT):
#: by default only while actors x ties (of the larger window) stay under this
#: (with the bootstrap too, 0.9 s on the Cremona example's 50 actors and 180
#: ties; a 327-actor school day, 2,200 ties, took 18 s).
PATH_RESAMPLE_WORK = 20_000


def _point_only_note(n: int) -> str:
    return (f"no interval or test by default above {RESAMPLE_GRAPHS_UP_TO} actors ({n} here): "
            "it resamples whole graphs, which takes minutes; ask for this metric by name "
            "(metrics=...) to have them")


def _path_point_only_note(work: int) -> str:
    return (f"no interval or test by default when actors x ties exceed {PATH_RESAMPLE_WORK:,} "
            f"({work:,} here): it measures the paths of every resampled network, which "
            "takes long; ask for this metric by name (metrics=...) to have them")


_NO_CI = ("the actors of a window are who was logged there: a count of the whole window, "
          "not an estimate, so no interval or test")


@dataclass(frozen=True, eq=False)
class Comparison:
    """The result of :func:`compare`: one row per metric, plus the actor sets.

    Attributes
    ----------
    table : DataFrame
        Indexed by metric, columns ``name`` (words), ``start``, ``end``,
        ``delta`` (end - start), ``ci_low``, ``ci_high`` (bootstrap interval of
        the change), ``p_value`` (paired test on the actors of both windows),
        ``p_value_all`` (the same test on the actors of either window),
        ``se_boot``, ``se_jackknife``, ``delta_common`` (the change among the
        actors of both windows, what ``p_value`` is about), ``n_start``,
        ``n_end``, ``n_common``, ``interval`` and ``test`` (how they were
        obtained) and ``note``.
    actors_start, actors_end, actors_common : int
        The two windows' own actor sets and the actors present in both.
    sector_pairs : DataFrame or None
        Ties between each pair of groups in each window (:func:`sector_pairs`).
    """

    table: pd.DataFrame
    actors_start: int
    actors_end: int
    actors_common: int
    n_boot: int
    seed: int | None
    confidence: float
    attr: str | None
    start: str = "start"
    end: str = "end"
    site: str | None = None
    sector_pairs: pd.DataFrame | None = field(default=None, repr=False)
    start_bounds: tuple[Any, Any] | None = field(default=None, repr=False)
    end_bounds: tuple[Any, Any] | None = field(default=None, repr=False)

    @property
    def actors_union(self) -> int:
        """Actors of either window: the set the bootstrap draws from."""
        return self.actors_start + self.actors_end - self.actors_common

    def convention(self) -> str:
        """Which actors each number, interval and p value uses, in words."""
        return " ".join((
            ngettext("Each period is measured on its own actors ({start} at the start, {end} "
                     "at the end); the intervals redraw actors from the {n} actor of either "
                     "period, the same draws for both periods.",
                     "Each period is measured on its own actors ({start} at the start, {end} "
                     "at the end); the intervals redraw actors from {the_n} actors of either "
                     "period, the same draws for both periods.", self.actors_union).format(
                start=self.actors_start, end=self.actors_end, n=self.actors_union,
                the_n=the_count(self.actors_union, "tra")),
            ngettext("The p value is computed counting every actor of either period (an "
                     "actor counts in a period where it has a tie), and again among only "
                     "the {n} actor present in both periods.",
                     "The p value is computed counting every actor of either period (an "
                     "actor counts in a period where it has a tie), and again among only "
                     "{the_n} actors present in both periods.", self.actors_common).format(
                n=self.actors_common, the_n=the_count(self.actors_common, "tra"))))

    def notes(self) -> list[str]:
        """How to read the intervals and the p values, in words, for people who
        never studied statistics (said once, before the figures).

        The vertex-bootstrap intervals are conservative (wider than the real
        uncertainty); the permutation test is what says whether a change is
        real. Measured on pairs of independent G(60, p) graphs with the same
        density (tests/test_compare_calibration.py): the 95 % interval of the
        density change contained zero in 200 of 200 repetitions and its
        standard error was 1.5-1.8 times the real spread of the change,
        while both permutation tests rejected at about their 5 % level.
        """
        return [
            _("How to read the figures. The p value says how often chance alone, with the "
              "same ties shuffled at random between the two periods, would give a change "
              "at least as large as the one seen. Below 0.05 (less than one time in 20) "
              "the change is hardly due to chance; above, chance alone can explain it. The "
              "interval gives the values between which the change probably lies; it is "
              "cautious, that is wider than needed (on pairs of "
              "random networks that did not change, the {level} interval contained zero "
              "every time, where it should have missed it one time in {miss}), so an "
              "interval that contains zero does not by itself mean that nothing changed: to "
              "tell whether a change is real, read the p value.").format(
                level=articled(format_percent(self.confidence), "a"),
                miss=round(1 / (1 - self.confidence)))]

    def window_words(self, which: str) -> str:
        """The start or end window in words for a sentence (``settembre 2024``,
        ``il periodo da settembre 2024 a ottobre 2024``, ``il 15 settembre 2024``)."""
        bounds = self.start_bounds if which == "start" else self.end_bounds
        label = self.start if which == "start" else self.end
        if bounds is None:
            return label
        a, b = (str(x) for x in bounds)
        if a != b:
            return _("the period {period}").format(period=format_period(a, b))
        words = format_period(a)
        return articled(words) if words[:1].isdigit() else words

    def _tests_sentence(self, row, kind: str = "measure") -> str:
        """The two tests' answers as clauses whose verdict follows from them.

        The change stated is the whole windows' (``delta``), so the verdict
        comes first from ``p_value_all``, which tests it; what happened among
        the actors of both windows (``delta_common``, ``p_value``) follows,
        and when the two disagree a last clause says what that means.
        """
        p_all, p_common = row["p_value_all"], row["p_value"]
        parts = []
        if np.isfinite(p_all):
            parts.append((_("hardly due to chance ({p} counting every actor)") if p_all < 0.05
                          else _("chance alone can explain it ({p} counting every actor)")
                          ).format(p=_p(p_all)))
        if np.isfinite(p_common):
            parts.append(self._common_clause(row["delta_common"], p_common, kind))
            if (np.isfinite(p_all) and p_all < 0.05 and p_common >= 0.05):
                parts.append(_("the change comes mostly from actors who joined or left"))
        return "; ".join(parts)

    def _common_clause(self, delta: float, p: float, kind: str) -> str:
        n = self.actors_common
        if not np.isfinite(delta) or abs(delta) < 1e-12:
            return ngettext("for the {n} actor present in both periods nothing changed",
                            "among {the_n} actors present in both periods nothing changed",
                            n).format(n=n, the_n=the_count(n, "tra"))
        change = format_figure(delta, kind, signed=True)
        return (ngettext("for the {n} actor present in both periods the change is {change} "
                         "({p}), hardly due to chance",
                         "among {the_n} actors present in both periods the change is "
                         "{change} ({p}), hardly due to chance", n) if p < 0.05
                else ngettext("for the {n} actor present in both periods the change is "
                              "{change} ({p}), which chance alone can explain",
                              "among {the_n} actors present in both periods the change is "
                              "{change} ({p}), which chance alone can explain", n)
                ).format(n=n, the_n=the_count(n, "tra"), change=change, p=_p(p))

    def lines(self) -> list[str]:
        """Plain-language sentences summarising the comparison: what was
        compared, how to read it (once), then one sentence per figure."""
        t = self.table
        level = articled(format_percent(self.confidence), "a")
        start, end = self.window_words("start"), self.window_words("end")
        if self.site:
            head = _("Comparing {start} with {end} {at_site}.").format(
                start=start, end=end, at_site=at_place(self.site))
        else:
            head = _("Comparing {start} with {end}.").format(start=start, end=end)
        out = [_capital(head), self.convention(), *self.notes()]
        n0, n1 = self.actors_start, self.actors_end
        for key in t.index:
            row = t.loc[key]
            name = figure_label(key)
            label = name[:1].upper() + name[1:]
            kind = FIGURE_KINDS.get(key, "measure")
            if key == "actors":
                out.append(_network_change(row) + ".")
                continue
            if not (np.isfinite(row["start"]) and np.isfinite(row["end"])):
                out.append(_("{figure} cannot be computed in both periods.").format(
                    figure=label))
                continue
            if abs(row["delta"]) < 1e-12:
                # no change is said as such, never as "a change chance could produce"
                text = _("{figure}: unchanged, {value} in both periods").format(
                    figure=label, value=format_figure(row["start"], kind))
                p_common = row["p_value"]
                if (np.isfinite(p_common) and p_common < 0.05
                        and np.isfinite(row["delta_common"]) and row["delta_common"] != 0):
                    text += "; " + self._common_clause(row["delta_common"], p_common, kind)
                out.append(text + ".")
                continue
            parts = [_change(label, row, kind)]
            if key == "density" and n1 > n0 and row["delta"] < 0:
                parts.append(_("the network grew from {start} to {end} actors, which lowers "
                               "density by itself (see mean degree)").format(start=n0, end=n1))
            if np.isfinite(row["ci_low"]):
                parts.append(_("the change probably lies {range} ({level} interval)").format(
                    level=level, range=format_range(
                        format_figure(row["ci_low"], kind, signed=True),
                        format_figure(row["ci_high"], kind, signed=True))))
            tests = self._tests_sentence(row, kind)
            if tests:
                parts.append(tests)
            out.append("; ".join(parts) + ".")
        pairs = self.sector_pairs
        if pairs is not None and len(pairs):
            moved = pairs[pairs["crosses"] & (pairs["delta"] != 0)].head(3)
            if len(moved):
                out.append(_("Ties between different groups that changed most: {pairs}.").format(
                    pairs="; ".join(
                        _("{a} with {b}, {change}").format(
                            a=a, b=b, change=_from_to_count(int(s0), int(s1)))
                        for a, b, s0, s1 in zip(moved["group_a"], moved["group_b"],
                                                moved["start"], moved["end"], strict=True))))
        out.append(_("What this can show: whether the logged ties changed more than chance "
                     "would explain. What it cannot show: why they changed, or contacts that "
                     "were not logged; a change in how much was logged looks like a change "
                     "in the network."))
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``metrics`` list plus the actor-set convention."""
        rows = self.table.reset_index().rename(columns={"index": "metric"})
        metrics = [{**{"name": r["metric"]}, **{k: r[k] for k in _COLUMNS if k != "name"},
                    "label": r["name"]} for r in rows.to_dict(orient="records")]
        return {"start": self.start, "end": self.end, "site": self.site,
                "n_boot": self.n_boot, "seed": self.seed, "confidence": self.confidence,
                "attr": self.attr, "actors_start": self.actors_start,
                "actors_end": self.actors_end, "actors_common": self.actors_common,
                "actors_union": self.actors_union, "convention": self.convention(),
                "notes": self.notes(),
                "metrics": metrics,
                "sector_pairs": (None if self.sector_pairs is None
                                 else self.sector_pairs.to_dict(orient="records")),
                "lines": self.lines()}

    def __repr__(self) -> str:
        cols = ["start", "end", "delta", "ci_low", "ci_high", "p_value"]
        return (f"<Comparison {self.start} -> {self.end}: {self.actors_start} -> "
                f"{self.actors_end} actors, {self.actors_common} in both>\n"
                + self.table[cols].round(4).to_string())

    def _repr_html_(self) -> str:
        cols = ["name", "start", "end", "delta", "ci_low", "ci_high", "p_value"]
        body = self.table[cols].to_html(float_format=lambda x: f"{x:.4g}", escape=True)
        notes = "".join(f"<p>{html.escape(s)}</p>" for s in self.lines())
        return (f"<div><strong>{html.escape(self.start)} &rarr; {html.escape(self.end)}"
                f"</strong>{body}{notes}</div>")


# ---------------------------------------------------------------------------
def compare(network, start, end, *, site: str | None = None,
            metrics: tuple[str, ...] | list[str] | None = None, n_boot: int = 2000,
            seed: int | None = None, attr: str | None = "sector",
            confidence: float = 0.95) -> Comparison:
    """Compare a Network's start window with its end window.

    Parameters
    ----------
    network : Network
        The contact network.
    start, end : tuple of two bounds, or "A:B"
        Each window as ``(from, to)``, inclusive, ``YYYY-MM`` or ``YYYY-MM-DD``
        (``("2024-09", "2024-09")`` is all of September), or the string
        ``"2024-09:2024-09"``.
    site : str, optional
        Only interactions at this site.
    metrics, n_boot, seed, attr, confidence
        As in :func:`compare_graphs`.

    Returns
    -------
    Comparison
        With ``sector_pairs`` filled in.

    Examples
    --------
    >>> from reterete import Network
    >>> log = pd.DataFrame({
    ...     "date": ["2024-09-02", "2024-09-05", "2024-12-02", "2024-12-03", "2024-12-09"],
    ...     "source": ["Ada", "Bea", "Ada", "Bea", "Cy"],
    ...     "target": ["Bea", "Cy", "Bea", "Cy", "Ada"]})
    >>> result = compare(Network.from_interactions(log), ("2024-09", "2024-09"),
    ...                  "2024-12:2024-12", n_boot=200, seed=1)
    >>> result.table[["start", "end", "delta"]].loc["ties"].tolist()
    [2.0, 3.0, 1.0]
    """
    s_from, s_to = _span(start, "start")
    e_from, e_to = _span(end, "end")
    G_start = network.graph(s_from, s_to, site=site)
    G_end = network.graph(e_from, e_to, site=site)
    for which, G, a, b in (("start", G_start, s_from, s_to), ("end", G_end, e_from, e_to)):
        if G.number_of_nodes() == 0:
            if site is not None:
                text = (_("the start window ({window}) has no contacts {at_site} in the logs: "
                          "check its dates") if which == "start" else
                        _("the end window ({window}) has no contacts {at_site} in the logs: "
                          "check its dates"))
            else:
                text = (_("the start window ({window}) has no contacts in the logs: check its "
                          "dates") if which == "start" else
                        _("the end window ({window}) has no contacts in the logs: check its "
                          "dates"))
            raise InputError(text.format(window=format_period(a, b), at_site=at_place(site)
                                         if site is not None else ""))
    result = compare_graphs(G_start, G_end, metrics=metrics, n_boot=n_boot, seed=seed,
                            attr=attr, confidence=confidence)
    pairs = _pairs_table(G_start, G_end, attr) if attr is not None else None
    site_name = network.site_names[network.site_key(site)] if site is not None else None
    return Comparison(result.table, result.actors_start, result.actors_end,
                      result.actors_common, n_boot, seed, confidence, attr,
                      start=_label(s_from, s_to), end=_label(e_from, e_to), site=site_name,
                      sector_pairs=pairs, start_bounds=(s_from, s_to),
                      end_bounds=(e_from, e_to))


def compare_graphs(G_start: nx.Graph, G_end: nx.Graph, *,
                   metrics: tuple[str, ...] | list[str] | None = None, n_boot: int = 2000,
                   seed: int | None = None, attr: str | None = "sector",
                   confidence: float = 0.95) -> Comparison:
    r"""Compare two undirected graphs of the same kind of actors (start, end).

    Binary ties; node ids identify the same actor across the two graphs.

    **Values.** Each window's value is computed on that window's own actors:
    density :math:`T / \binom{n}{2}`, mean degree :math:`2T/n`, Freeman degree
    centralization :math:`\sum_i (d_{max} - d_i) / ((n-1)(n-2))`, E-I index
    :math:`(E - I)/(E + I)` over the ties whose two ends both have ``attr``
    (Krackhardt & Stern 1988), cross-sector ties :math:`E`, connected
    components, the largest component's share of the actors, the average
    clustering coefficient (zero for actors with fewer than two ties, as in
    networkx) and the average path length in hops of the largest component
    (:func:`reterete.metrics.paths.path_figures`; the mean of theirs when
    several components tie for the largest).

    **Intervals: vertex bootstrap** (Snijders & Borgatti 1999, the method of
    UCINET's "compare densities"). Each resample draws :math:`N` actors with
    replacement from the :math:`N` actors of *either* window; the same draws
    serve both windows (a paired bootstrap), each window keeping the draws of
    its own actors. Two draws of different actors take those actors' tie
    value; two draws of the same actor (a *twin dyad*) take the value of a
    random dyad of that window's actors. The ``confidence`` interval of the
    change is the percentile interval of the resampled changes; ``se_boot``
    their standard deviation. Actors, ties, density, mean degree,
    centralization, E-I and cross-sector ties come from the count vector
    :math:`c` of each resample as quadratic forms (:math:`c^\top A c`) without
    building graphs; clustering from the window's triangle list and the
    same counts (:func:`reterete.metrics._bootstrap.resampled_clustering`,
    equal to building each resampled graph, without building it). Resampling duplicates
    actors whose copies share neighbours but are rarely tied to each other:
    read the clustering interval as rough. The average path length is
    measured on each resampled graph built explicitly (copies of an actor are
    actors of it); its interval is rough too, as a resample cuts the paths
    through the actors it leaves out. No interval (NaN, with the reason
    in ``note``) for the number of actors, which counts who was logged and is
    not an estimate, nor for components and the largest component's share:
    the actors a resample leaves out cut the paths through them, so the
    bootstrap misstates connectivity (their tests and jackknife still apply).

    ``se_jackknife`` is the deterministic leave-one-actor-out standard error of
    the change, :math:`\sqrt{\tfrac{N-1}{N}\sum_i(\hat\Delta_{(i)} -
    \bar\Delta)^2}` over the :math:`N` actors of either window (Efron & Stein
    1981).

    **Test: paired permutation of window labels** on the actors present in
    both windows. Under the null hypothesis that a dyad's tie values in the
    two windows are exchangeable, each dyad's start and end values are swapped
    with probability 1/2 (a sign flip for a paired difference; only the
    dyads whose value differs are affected) and the statistic's change is
    recomputed among these actors. The two-sided Monte-Carlo p-value is
    :math:`(1 + \#\{|\Delta^*| \ge |\Delta_{common}|\}) / (1 + R)` with
    :math:`R` = ``n_boot`` relabellings (Phipson & Smyth 2010); it never
    reaches zero. ``delta_common`` is the change it tests. Because who is
    "common" depends on the ties themselves, this test is conservative when
    the actor sets differ (2-3 % rejections at the 5 % level on random
    graphs whose actors exist only through their ties).
    ``p_value_all`` runs the same relabelling on the dyads of *all* actors of
    either window; an actor belongs to a relabelled window when it has a tie
    there (or was in that window without ties), as the windows themselves are
    built, so it tests the reported ``delta`` itself, including the change in
    who takes part. Swapping a dyad's labels never changes whether an actor
    has a tie in at least one window, so ``p_value_all`` is exact under the
    hypothesis that each dyad's two values are exchangeable; ``p_value``
    keeps the common actors fixed although swaps could change who they are,
    hence its caution.

    **Cost.** With ``n_boot=2000``: two days of a 327-actor school (2,200
    ties each), every metric, about 0.5 s of CPU (was 13 s: the relabelled
    graphs' clustering now comes from the union's triangles, each a bitwise
    AND of its ties' labels, and their components from one block-diagonal
    graph in which the ties of both windows are contracted away). Two
    2,000-actor windows of about 15,000 ties each: about 1 s for the
    quadratic-form metrics, about 10 s with clustering and connectivity (the
    union has 100,000 triangles, each tested in every relabelling). So above
    :data:`RESAMPLE_GRAPHS_UP_TO` actors those three metrics keep their
    values but get no interval or test unless ``metrics=`` names them (the
    note column says so). The average path length, measured on every
    resampled network, gets them by default only while the union's actors
    times the larger window's ties stay under :data:`PATH_RESAMPLE_WORK`.

    Parameters
    ----------
    G_start, G_end : networkx.Graph
        The two windows' networks (undirected; directions are ignored).
    metrics : sequence of str, optional
        Subset of :data:`METRICS` (all by default).
    n_boot : int
        Bootstrap resamples and permutation relabellings (default 2000).
    seed : int, optional
        Makes intervals and p-values reproducible.
    attr : str or None
        Node attribute of the E-I index and cross-sector ties (default
        ``"sector"``); actors without it are left out of those two.
    confidence : float
        Level of the intervals (default 0.95).

    Returns
    -------
    Comparison

    Notes
    -----
    For one sum statistic, ``scipy.stats.permutation_test(...,
    permutation_type="samples")`` on the paired dyad values gives the same
    test (the tests check that it agrees); here one set of swaps must serve
    every metric, the non-linear ones too, so the swaps are drawn directly.

    Random numbers are drawn from ``np.random.default_rng(seed)`` in this
    order: the ``(n_boot, N)`` actor draws (``integers(0, N)`` over the union
    actors sorted by ``str``); for the start then the end window, one
    ``integers(0, D)`` per twin dyad (resample by resample, actor by actor,
    copies in ``itertools.combinations`` order; ``D`` the dyads of that
    window's actors, numbered in ``combinations`` order), skipped when there
    are none; then the label swaps of the ``K`` dyads among common actors
    whose values differ (sorted by union index) as bits, ``np.unpackbits(
    integers(0, 256, (n_boot, ceil(K / 8)), dtype=uint8), axis=1, count=K)``,
    1 meaning swapped; then the same for the dyads among all actors.

    References
    ----------
    .. [1] Snijders, T. A. B., & Borgatti, S. P. (1999). Non-parametric
       standard errors and tests for network statistics. Connections, 22(2),
       161-170.
    .. [2] Krackhardt, D., & Stern, R. N. (1988). Informal networks and
       organizational crises: an experimental simulation. Social Psychology
       Quarterly, 51(2), 123-140.
    .. [3] Efron, B., & Stein, C. (1981). The jackknife estimate of variance.
       The Annals of Statistics, 9(3), 586-596.
    .. [4] Phipson, B., & Smyth, G. K. (2010). Permutation p-values should
       never be zero. Statistical Applications in Genetics and Molecular
       Biology, 9(1), Article 39.
    .. [5] Freeman, L. C. (1978). Centrality in social networks conceptual
       clarification. Social Networks, 1(3), 215-239.

    Examples
    --------
    >>> G0 = nx.path_graph(5)
    >>> G1 = nx.complete_graph(5)
    >>> res = compare_graphs(G0, G1, metrics=["density"], n_boot=500, seed=7, attr=None)
    >>> res.table[["start", "end", "delta"]].loc["density"].round(2).tolist()
    [0.4, 1.0, 0.6]
    >>> bool(res.table.at["density", "p_value"] < 0.05)
    True
    """
    want = _check_metrics(metrics)
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise InputError(f"the number of resamples must be a whole number of at least 1, "
                         f"not {n_boot!r}")
    if not 0 < confidence < 1:
        raise InputError(f"confidence must be between 0 and 1, not {confidence!r}")
    order = sorted(set(G_start).union(G_end), key=str)
    index = {a: i for i, a in enumerate(order)}
    codes: dict[Any, int] = {}
    W_s = bs.window_data(nx.Graph(G_start), order, index, attr, codes)
    W_e = bs.window_data(nx.Graph(G_end), order, index, attr, codes)
    fast = tuple(m for m in want if m in bs.FAST)
    obs_s, obs_e = observed(W_s, want), observed(W_e, want)
    # resampling whole graphs (components, clustering) takes minutes on large
    # windows: by default only their values are given there; asked for by
    # name, they are resampled whatever the size
    point_only = [] if metrics is not None or len(order) <= RESAMPLE_GRAPHS_UP_TO else \
        [m for m in want if m in bs.SLOW or m in PATH]
    path_work = len(order) * max(len(W_s.u), len(W_e.u))
    if metrics is None and path_work > PATH_RESAMPLE_WORK:
        point_only += [m for m in want if m in PATH and m not in point_only]
    tested = [m for m in want if m not in point_only]
    rng = np.random.default_rng(seed)
    boot_s, boot_e = vertex_bootstrap(W_s, W_e, int(n_boot), rng,
                                      [m for m in tested if m not in _NO_BOOT])
    perm_d, obs_common = permutation_test(W_s, W_e, int(n_boot), rng, tested, actors="common")
    perm_all, obs_all = permutation_test(W_s, W_e, int(n_boot), rng, tested, actors="all")
    jack = jackknife(W_s, W_e, tested)
    lo_q, hi_q = (1 - confidence) / 2, 1 - (1 - confidence) / 2
    common = int((W_s.present & W_e.present).sum())
    rows = []
    for key in want:
        d = boot_e[key] - boot_s[key] if key in boot_s else np.zeros(0)
        d = d[np.isfinite(d)]
        row = {"name": _LABELS[key], "start": obs_s[key], "end": obs_e[key],
               "delta": obs_e[key] - obs_s[key], "n_start": W_s.n_present,
               "n_end": W_e.n_present, "n_common": common,
               "delta_common": obs_common.get(key, np.nan),
               "interval": ("vertex bootstrap, quadratic forms" if key in fast else
                            "vertex bootstrap, explicit resampled graphs"),
               "test": "dyad label swaps: p_value on common actors, p_value_all on all",
               "note": ""}
        if key == "actors" or key in point_only:
            row.update(ci_low=np.nan, ci_high=np.nan, p_value=np.nan, p_value_all=np.nan,
                       se_boot=np.nan,
                       se_jackknife=np.nan, delta_common=np.nan, interval="none",
                       test="none", note=_NO_CI if key == "actors" else (
                           _path_point_only_note(path_work) if key in PATH
                           and len(order) <= RESAMPLE_GRAPHS_UP_TO
                           else _point_only_note(len(order))))
        else:
            ok = len(d) >= 2
            row.update(ci_low=np.quantile(d, lo_q) if ok else np.nan,
                       ci_high=np.quantile(d, hi_q) if ok else np.nan,
                       se_boot=float(np.std(d, ddof=1)) if ok else np.nan,
                       se_jackknife=_jackknife_se(jack[key]),
                       p_value=_p_value(perm_d[key], obs_common[key]),
                       p_value_all=_p_value(perm_all[key], obs_all[key]))
            if key in _NO_BOOT:
                row.update(interval="none", note=_NO_BOOT[key])
            elif len(d) < n_boot:
                row["note"] = (f"{n_boot - len(d)} resamples where the metric is "
                               "undefined were left out of the interval")
            row["note"] = "; ".join(x for x in (row["note"], _ROUGH.get(key, "")) if x)
        rows.append(row)
    table = pd.DataFrame(rows, index=pd.Index(want, name="metric"))[_COLUMNS]
    return Comparison(table, W_s.n_present, W_e.n_present, common, int(n_boot), seed,
                      confidence, attr)


def sector_pairs(network, start, end, *, site: str | None = None,
                 attr: str = "sector") -> pd.DataFrame:
    """Ties between each pair of groups in the start and the end window.

    Which boundaries got crossed: police x social services, team x community
    (``attr="team"``) ... Actors without ``attr`` form the group
    ``"(unknown)"``, so no tie is left out.

    Returns
    -------
    DataFrame
        Columns ``group_a``, ``group_b`` (``group_a <= group_b``), ``crosses``
        (the two groups differ), ``start``, ``end``, ``delta`` (ties), sorted
        by the size of the change.

    Examples
    --------
    >>> from reterete import Network
    >>> log = pd.DataFrame({"date": ["2024-09-02", "2024-12-02", "2024-12-03"],
    ...                     "source": ["Ada", "Ada", "Bea"], "target": ["Bea", "Bea", "Cy"]})
    >>> actors = pd.DataFrame({"name": ["Ada", "Bea", "Cy"],
    ...                        "sector": ["police", "social", "social"]})
    >>> net = Network.from_interactions(log, actors)
    >>> table = sector_pairs(net, ("2024-09", "2024-09"), ("2024-12", "2024-12"))
    >>> print(table[["group_a", "group_b", "start", "end", "delta"]].to_string(index=False))
    group_a group_b  start  end  delta
     social  social      0    1      1
     police  social      1    1      0
    """
    s_from, s_to = _span(start, "start")
    e_from, e_to = _span(end, "end")
    return _pairs_table(network.graph(s_from, s_to, site=site),
                        network.graph(e_from, e_to, site=site), attr)


def sector_pair_ties(G: nx.Graph, attr: str = "sector") -> pd.Series:
    """Number of ties between each (unordered) pair of ``attr`` groups.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3)])
    >>> nx.set_node_attributes(G, {1: "a", 2: "b", 3: "b"}, "sector")
    >>> sector_pair_ties(G).to_dict()
    {('a', 'b'): 1, ('b', 'b'): 1}
    """
    def group(node: Any) -> str:
        value = G.nodes[node].get(attr)
        return "(unknown)" if bs._missing(value) else str(value)

    pairs = [tuple(sorted((group(a), group(b)))) for a, b in G.edges() if a != b]
    if not pairs:
        return pd.Series(dtype="int64", index=pd.MultiIndex.from_tuples(
            [], names=["group_a", "group_b"]), name="ties")
    frame = pd.DataFrame(pairs, columns=["group_a", "group_b"])
    return frame.value_counts().sort_index().rename("ties")


# ---------------------------------------------------------------------------
def observed(W: bs.WindowData, want) -> dict[str, float]:
    """The statistics of a window's own graph (one block, no resampling)."""
    stats = bs.edge_stats(np.zeros(W.n, dtype=np.int64), W.present, W.group, W.u, W.v, 1,
                          want=[m for m in want if m not in PATH])
    out = {k: float(v[0]) for k, v in stats.items()}
    if "average_path_length" in want:
        out["average_path_length"] = float(_path_lengths(np.zeros(len(W.u), np.int64), W.u,
                                                         W.v, 1)[0])
    return out


def _path_lengths(edge_block: np.ndarray, eu: np.ndarray, ev: np.ndarray,
                  n_blocks: int) -> np.ndarray:
    """Average path length (hops) of the largest component of each of ``n_blocks``
    graphs given by their ties ``(eu, ev)`` (node ids of any range, distinct
    between graphs) and the graph of each tie; NaN for a graph whose largest
    component has fewer than two actors. When several components tie for the
    largest, the mean of theirs (so the figure does not depend on how actors
    are numbered)."""
    out = np.full(n_blocks, np.nan)
    if len(eu) == 0:
        return out
    order = np.argsort(edge_block, kind="stable")
    eb, a, b = edge_block[order], eu[order], ev[order]
    bounds = np.searchsorted(eb, np.arange(n_blocks + 1))
    for k in range(n_blocks):
        lo, hi = bounds[k], bounds[k + 1]
        if hi > lo:
            out[k] = _largest_path_length(a[lo:hi], b[lo:hi])
    return out


def _largest_path_length(a: np.ndarray, b: np.ndarray) -> float:
    from .paths import path_figures_of
    from .structure import component_roots

    ids, local = np.unique(np.concatenate([a, b]), return_inverse=True)
    n, m = len(ids), len(a)
    u, v = local[:m], local[m:]
    keep = u != v
    u, v = u[keep], v[keep]
    if len(u) == 0:
        return float("nan")
    root = component_roots(u, v, n)
    sizes = np.bincount(root, minlength=n)
    top = sizes.max()
    biggest = np.flatnonzero(sizes == top)
    if len(biggest) == 1:
        return float(path_figures_of(u, v, n)["average_path_length"])
    values = []
    for r in biggest:
        inside = root[u] == r
        values.append(_largest_path_length(u[inside], v[inside]))
    return float(np.mean(values))


def vertex_bootstrap(W_s: bs.WindowData, W_e: bs.WindowData, n_boot: int,
                     rng: np.random.Generator, want) -> tuple[dict, dict]:
    """Paired vertex-bootstrap statistics, one array of ``n_boot`` per metric and window."""
    n = W_s.n
    draws = rng.integers(0, n, size=(n_boot, n))
    counts = np.empty((n_boot, n), dtype=np.int32)
    step = 32                                 # a few resamples at a time: counts stay in cache
    for lo in range(0, n_boot, step):
        d = draws[lo:lo + step]
        counts[lo:lo + step] = np.bincount((d + n * np.arange(len(d))[:, None]).ravel(),
                                           minlength=len(d) * n).reshape(len(d), n)
    prep = bs.Counts(counts)                  # shared by both windows
    out = []
    from ..i18n import _
    from ..progress import task

    with task(_("Resampling the start and end windows"), total=2) as step:
        for W in (W_s, W_e):
            out.append(_window_stats(W, prep, counts, rng, want))
            step.advance()
    return out[0], out[1]


def _window_stats(W: bs.WindowData, prep, counts, rng: np.random.Generator, want) -> dict:
    """The bootstrap statistics of one window."""
    total = prep.twin_total(W.present)
    keys = (rng.integers(0, W.n_dyads, size=total) if total and W.n_dyads
            else np.zeros(total, dtype=np.int64))
    fills = bs.fill_values(keys, W)
    stats = bs.quadratic_stats(prep, W, fills, 0, [m for m in want if m in bs.FAST])
    if "average_clustering" in want:
        stats["average_clustering"] = bs.resampled_clustering(prep, W, fills, 0)
    # connectivity has no bootstrap interval (_NO_BOOT): explicit graphs, asked only
    # by the tests that hold the engines against the loop reference
    slow = [m for m in want if m in bs.SLOW and m != "average_clustering"]
    if slow:
        stats.update(_slow_chunks(counts, W, fills, prep.twin_starts(W.present), slow))
    # nor the average path length: asked, like connectivity, only by the tests
    # that hold the engines against the loop reference
    if "average_path_length" in want:   # each resampled graph, built (copies are actors)
        stats["average_path_length"] = _path_chunks(counts, W, fills,
                                                    prep.twin_starts(W.present))
    return stats


def _path_chunks(counts, W, fills, starts) -> np.ndarray:
    R = len(counts)
    step = max(1, 2_000_000 // max(1, len(W.u) + W.n))
    parts = []
    for lo in range(0, R, step):
        chunk = counts[lo:lo + step]
        block, _present, _group, eu, ev = bs.copy_graph(chunk, W, fills, int(starts[lo]))
        parts.append(_path_lengths(block[eu], eu, ev, len(chunk)))
    return np.concatenate(parts) if parts else np.zeros(0)


def _slow_chunks(counts, W, fills, starts, slow) -> dict[str, np.ndarray]:
    R = len(counts)
    step = max(1, 2_000_000 // max(1, len(W.u) + W.n))
    parts: dict[str, list] = {m: [] for m in slow}
    for lo in range(0, R, step):
        chunk = counts[lo:lo + step]
        block, present, group, eu, ev = bs.copy_graph(chunk, W, fills, int(starts[lo]))
        res = bs.edge_stats(block, present, group, eu, ev, len(chunk), want=slow)
        for m in slow:
            parts[m].append(res[m])
    return {m: np.concatenate(v) for m, v in parts.items()}


def permutation_test(W_s: bs.WindowData, W_e: bs.WindowData, n_perm: int,
                     rng: np.random.Generator, want, *,
                     actors: str = "common") -> tuple[dict, dict]:
    """Changes under random swaps of window labels, dyad by dyad.

    ``actors="common"``: the dyads among the actors present in both windows,
    each window's graph restricted to them. ``actors="all"``: the dyads among
    the actors of either window; an actor belongs to a (relabelled) window
    when it has a tie there, or was given there without ties (a registry
    isolate), as the windows themselves are built, so the observed change is
    the reported ``delta``. Returns ``(changes, observed)``: arrays of
    ``n_perm`` relabelled changes and the observed change, per metric.
    """
    if actors == "common":
        keep = W_s.present & W_e.present
    elif actors == "all":
        keep = np.ones(W_s.n, dtype=bool)
    else:
        raise ValueError("actors must be 'common' or 'all'")
    local = np.cumsum(keep) - 1
    nc = int(keep.sum())
    idx = np.flatnonzero(keep)

    def keys(W):
        inside = keep[W.u] & keep[W.v]
        return local[W.u[inside]] * max(nc, 1) + local[W.v[inside]]

    ks, ke = keys(W_s), keys(W_e)
    conc = np.intersect1d(ks, ke)
    s_only, e_only = np.setdiff1d(ks, ke), np.setdiff1d(ke, ks)
    disc = np.concatenate([s_only, e_only])
    in_start = np.r_[np.ones(len(s_only), bool), np.zeros(len(e_only), bool)]
    sort = np.argsort(disc, kind="stable")
    disc, in_start = disc[sort], in_start[sort]
    nbytes = (len(disc) + 7) // 8
    raw = rng.integers(0, 256, size=(n_perm, nbytes), dtype=np.uint8)
    # 1 = swap this dyad's labels; dyads x relabellings (bit j of relabelling r at [j, r])
    flips = np.unpackbits(np.ascontiguousarray(raw.T), axis=0, count=len(disc))

    def fixed(W):  # actors present whatever their ties
        if actors == "common":
            return np.ones(nc, dtype=bool)
        deg = np.bincount(W.u, minlength=W.n) + np.bincount(W.v, minlength=W.n)
        return W.present & (deg == 0)

    setup = {True: (W_s.group[idx], fixed(W_s)), False: (W_e.group[idx], fixed(W_e))}

    fast = [m for m in want if m in bs.FAST]
    slow = [m for m in want if m in bs.SLOW]
    da, db = disc // max(nc, 1), disc % max(nc, 1)
    ca, cb = conc // max(nc, 1), conc % max(nc, 1)
    # a window holds dyad j after swaps f: start in_start xor f, end its complement;
    # as sums: held_start = in_start + f * sign, held_end = (1 - in_start) - f * sign
    sign = 1.0 - 2.0 * in_start
    need_degrees = actors == "all" or "degree_centralization" in fast
    incidence = sp.csr_matrix((np.r_[sign, sign].astype(np.float32), (np.r_[da, db], np.r_[
        np.arange(len(disc)), np.arange(len(disc))])), shape=(nc, len(disc)))
    coef, const, base = [np.ones(len(disc)) * sign], [], {}
    for window_start in (True, False):
        group = setup[window_start][0]
        gda, gdb, gca, gcb = group[da], group[db], group[ca], group[cb]
        within = (gda >= 0) & (gda == gdb)
        cross = (gda >= 0) & (gdb >= 0) & (gda != gdb)
        held = in_start if window_start else ~in_start
        coef += [within * sign, cross * sign]
        const.append((len(conc) + held.sum(),
                      np.sum((gca >= 0) & (gca == gcb)) + np.sum(within & held),
                      np.sum((gca >= 0) & (gcb >= 0) & (gca != gcb)) + np.sum(cross & held)))
        ends = np.r_[da[held], db[held], ca, cb]
        base[window_start] = np.bincount(ends, minlength=nc).astype(np.float32)[:, None]
    # one sparse product gives the five sums and every degree change; sparse, not a
    # BLAS matmul, whose threads stall when the cores are busy with other work
    rows_of = sp.vstack([sp.csr_matrix(np.vstack(coef).astype(np.float32)),
                         incidence if need_degrees else sp.csr_matrix((0, len(disc)),
                                                                      dtype=np.float32)],
                        format="csr")

    def linear(cols: np.ndarray) -> tuple[dict, dict]:
        """Fast statistics of both relabelled windows: sums over the dyads they hold
        (``cols``: dyads x relabellings; integer sums, exact in float32)."""
        prod = rows_of @ cols.astype(np.float32)
        sums = prod[:5].T.astype(float)                       # (R, 5)
        change = prod[5:]               # degree changes (actors x R), for both windows
        out = []
        for w, window_start in enumerate((True, False)):
            pm = 1.0 if window_start else -1.0
            T0, I0, E0 = const[w]
            T = T0 + pm * sums[:, 0]
            inn = I0 + pm * sums[:, 1 + 2 * w]
            ext = E0 + pm * sums[:, 2 + 2 * w]
            m = np.full(cols.shape[1], float(nc))
            maxdeg = None
            if need_degrees:
                deg = base[window_start] + change if window_start else base[
                    window_start] - change
                present = (deg > 0.5) | setup[window_start][1][:, None]
                m = present.sum(axis=0)
                top = np.where(present, deg, -np.inf).max(axis=0, initial=-np.inf)
                top = top.astype(float)
                maxdeg = np.where(np.isfinite(top), np.round(top), np.nan)
            out.append(bs.finish(m, T, ext, inn, maxdeg, fast))
        return out[0], out[1]

    if slow:  # the relabelled graphs: common ties always, differing ones where held
        graphs = bs.HeldGraphs(nc, ca, cb, da, db)
        always = {w: None if actors == "common" else setup[w][1] for w in (True, False)}

    def stats(cols: np.ndarray) -> tuple[dict, dict]:
        s_out, e_out = linear(cols) if fast else ({}, {})
        if slow:
            held_start = in_start[:, None] != cols.astype(bool)
            s_out.update(graphs.stats(held_start, always[True], slow))
            e_out.update(graphs.stats(~held_start, always[False], slow))
        return s_out, e_out

    if "average_path_length" in want:   # each relabelled graph's ties, built
        engines = stats

        def stats(cols: np.ndarray) -> tuple[dict, dict]:
            s_out, e_out = engines(cols)
            held_start = in_start[:, None] != cols.astype(bool)
            for out, held in ((s_out, held_start), (e_out, ~held_start)):
                k, r = np.nonzero(held)
                R = held.shape[1]
                eb = np.concatenate([np.repeat(np.arange(R), len(ca)), r])
                a = np.concatenate([np.tile(ca, R), da[k]]) + eb * nc
                b = np.concatenate([np.tile(cb, R), db[k]]) + eb * nc
                out["average_path_length"] = _path_lengths(eb, a, b, R)
            return s_out, e_out

    o_s, o_e = stats(np.zeros((len(disc), 1), np.uint8))
    obs = {m: float(o_e[m][0] - o_s[m][0]) for m in want}
    size = (len(conc) + len(disc) + nc) if slow or "average_path_length" in want \
        else (len(disc) + nc)
    step = max(1, 2_000_000 // max(1, size))
    parts: dict[str, list] = {m: [] for m in want}
    for lo in range(0, n_perm, step):
        p_s, p_e = stats(np.ascontiguousarray(flips[:, lo:lo + step]))
        for m in want:
            parts[m].append(p_e[m] - p_s[m])
    return {m: np.concatenate(v) for m, v in parts.items()}, obs


def jackknife(W_s: bs.WindowData, W_e: bs.WindowData, want) -> dict[str, np.ndarray]:
    """Leave-one-actor-out changes (end - start), one per actor of either window."""
    out: dict[str, np.ndarray] = {}
    res = []
    for W in (W_s, W_e):
        stats: dict[str, np.ndarray] = {}
        fast = [m for m in want if m in bs.FAST]
        slow = [m for m in want if m in bs.SLOW]
        # closed form, O(ties): the quadratic route on N count rows cost N^2
        # cells (7 s of 12 at 20,000 actors)
        stats = bs.leave_one_out_fast(W, fast) if fast else {}
        if slow:
            stats.update(bs.leave_one_out_slow(W, slow))
        if "average_path_length" in want:
            stats["average_path_length"] = _path_leave_one_out(W)
        res.append(stats)
    for m in want:
        out[m] = res[1][m] - res[0][m]
    return out


def _path_leave_one_out(W: bs.WindowData) -> np.ndarray:
    """Average path length of the window without each union actor in turn
    (unchanged for an actor not in the window)."""
    n = W.n
    whole = _path_lengths(np.zeros(len(W.u), np.int64), W.u, W.v, 1)[0]
    out = np.full(n, whole)
    inside = np.flatnonzero(W.present)
    if len(inside) == 0:
        return out
    # graph k leaves out actor inside[k]: its ties are every tie not touching it
    keep = [np.flatnonzero((W.u != i) & (W.v != i)) for i in inside]
    eb = np.repeat(np.arange(len(inside)), [len(x) for x in keep])
    idx = np.concatenate(keep) if keep else np.zeros(0, np.int64)
    out[inside] = _path_lengths(eb, W.u[idx] + eb * n, W.v[idx] + eb * n, len(inside))
    return out


def _jackknife_se(values: np.ndarray) -> float:
    v = values[np.isfinite(values)]
    if len(v) < 2:
        return float("nan")
    return float(np.sqrt((len(v) - 1) / len(v) * np.sum((v - v.mean()) ** 2)))


def _p_value(perm: np.ndarray, obs: float) -> float:
    if not np.isfinite(obs):
        return float("nan")
    perm = perm[np.isfinite(perm)]
    if len(perm) == 0:
        return float("nan")
    tol = 1e-9 * max(1.0, abs(obs))
    extreme = int(np.sum(np.abs(perm) >= abs(obs) - tol))
    return (1 + extreme) / (1 + len(perm))


def _pairs_table(G_start: nx.Graph, G_end: nx.Graph, attr: str) -> pd.DataFrame:
    s = sector_pair_ties(G_start, attr)
    e = sector_pair_ties(G_end, attr)
    both = pd.concat([s.rename("start"), e.rename("end")], axis=1).fillna(0).astype("int64")
    both["delta"] = both["end"] - both["start"]
    both = both.reset_index()
    both.insert(2, "crosses", both["group_a"] != both["group_b"])
    both["_size"] = -both["delta"].abs()
    both = both.sort_values(["_size", "group_a", "group_b"], kind="stable")
    return both.drop(columns="_size").reset_index(drop=True)


def _check_metrics(metrics) -> tuple[str, ...]:
    if metrics is None:
        return METRICS
    if isinstance(metrics, str):
        metrics = [metrics]
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        raise InputError(f"unknown metric {unknown[0]!r}; choose among {', '.join(METRICS)}")
    return tuple(m for m in METRICS if m in set(metrics))


def _span(value, which: str) -> tuple[Any, Any]:
    """(from, to) of a window: a pair, ``FROM:TO``, ``FROM/TO`` or ``FROM..TO``
    (each side a bound :func:`reterete.window.parse_bound` reads, date-times
    included: ``2013-12-03T08:00:2013-12-03T11:59``)."""
    if isinstance(value, str):
        text = value.strip()
        for sep in ("/", ".."):
            if sep in text:
                parts = text.split(sep)
                if len(parts) == 2 and all(p.strip() for p in parts):
                    return parts[0].strip(), parts[1].strip()
        # FROM:TO where the bounds may hold colons themselves (times of day):
        # the one split that leaves two readable bounds
        cuts = [i for i, ch in enumerate(text) if ch == ":"]
        good = [(text[:i].strip(), text[i + 1:].strip()) for i in cuts
                if _readable(text[:i]) and _readable(text[i + 1:])]
        if len(good) == 1:
            return good[0]
        parts = text.split(":")
        if len(parts) == 2 and all(p.strip() for p in parts):
            return parts[0].strip(), parts[1].strip()  # the bounds then say what is wrong
        raise InputError(_("a window must be written FROM:TO, e.g. 2024-09:2024-10, not "
                           "{value}").format(value=repr(value)))
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return value[0], value[1]
    raise InputError(f"the {which} window must be a (from, to) pair or 'FROM:TO', "
                     f"not {value!r}")


def _readable(text: str) -> bool:
    from ..window import parse_bound

    try:
        parse_bound(text.strip(), side="start")
    except InputError:
        return False
    return bool(text.strip())


def _label(a: Any, b: Any) -> str:
    a, b = str(a), str(b)
    return a if a == b else _("{start} to {end}").format(start=a, end=b)


def figure_label(key: str) -> str:
    """A figure's name (``density``, ``mean degree`` ...) in the language in force."""
    return pgettext("figure", _LABELS[key]) if key in _LABELS else key.replace("_", " ")


def _change(subject: str, row, kind: str = "measure") -> str:
    delta = row["delta"]
    start, end = format_figure(row["start"], kind), format_figure(row["end"], kind)
    change = format_figure(delta, kind, signed=True)
    if delta > 0:
        return _("{figure} rose from {start} to {end} ({change})").format(
            figure=subject, start=start, end=end, change=change)
    return _("{figure} fell from {start} to {end} ({change})").format(
        figure=subject, start=start, end=end, change=change)


def _network_change(row) -> str:
    delta = row["delta"]
    start, end = int(row["start"]), int(row["end"])
    if abs(delta) < 1e-12:
        return ngettext("The network stayed at {start} actor",
                        "The network stayed at {start} actors", start).format(start=start)
    if delta > 0:
        return ngettext("The network grew from {start} to {end} actor",
                        "The network grew from {start} to {end} actors", end).format(
            start=start, end=end)
    return ngettext("The network shrank from {start} to {end} actor",
                    "The network shrank from {start} to {end} actors", end).format(
        start=start, end=end)


def _from_to_count(start: int, end: int) -> str:
    """``from 12 to 30 ties (+18)``, the noun agreeing with the last number."""
    return ngettext("from {start} to {end} tie ({change})",
                    "from {start} to {end} ties ({change})", end).format(
        start=start, end=end, change=f"{'+' if end > start else ''}{end - start}")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _p(p: float) -> str:
    """``p = 0.012`` or ``p < 0.001``, as the language writes numbers."""
    text = format_p_value(p)
    return "p " + text if text.startswith("<") else "p = " + text
