r"""Start wave versus end wave of a roster survey, with intervals and tests.

Two families of figures, each with the house's machinery:

* **The network partners describe**, directions dropped (a tie where either
  named the other): actors, ties, density, mean degree, centralization, E-I
  index, cross-sector ties, components, clustering, through
  :func:`reterete.metrics.compare.compare_graphs` (vertex bootstrap, jackknife,
  paired dyad label swaps), exactly as for contact logs.
* **What only a directed, rated survey has**: ties named (arcs), density of
  named ties :math:`T / (n (n-1))`, reciprocity (share of named ties whose
  reverse is named), mean trust and mean value over the named ties. Their
  intervals come from the same vertex bootstrap (Snijders & Borgatti 1999):
  :math:`N` draws with replacement from the actors of either wave, the same
  draws for both waves, each statistic a ratio of quadratic forms
  :math:`c^\top M c` in the draw counts :math:`c` (arcs, mutual arcs, trust
  sums and counts); dyads between two copies of one actor are left out of
  numerator and denominator alike. Their tests swap, with probability 1/2,
  the two waves' answers on each unordered dyad (both directions and their
  ratings together, so a dyad's reciprocity travels with it), on the dyads
  of all actors (``p_value_all``) and of the actors of both waves
  (``p_value``); each wave keeps its own actors, so the density of named ties
  is tested as its number of arcs. ``se_jackknife`` leaves one actor out at a
  time.

References
----------
.. [1] Snijders, T. A. B., & Borgatti, S. P. (1999). Non-parametric standard
   errors and tests for network statistics. Connections, 22(2), 161-170.
.. [2] Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never
   be zero. Statistical Applications in Genetics and Molecular Biology, 9(1).
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..i18n import _
from ..metrics.compare import Comparison, _jackknife_se, _p_value, compare_graphs
from .read import Survey

__all__ = ["compare_waves", "SurveyComparison", "DIRECTED_METRICS"]

#: the figures only a directed, rated survey has, in the order reported
DIRECTED_METRICS = ("named_ties", "named_density", "reciprocity", "trust_mean", "value_mean")
_NAMES = {"named_ties": "ties named", "named_density": "density of named ties",
          "reciprocity": "reciprocity", "trust_mean": "mean trust", "value_mean": "mean value"}


@dataclass(frozen=True, eq=False)
class SurveyComparison(Comparison):
    """A :class:`~reterete.metrics.compare.Comparison` of two survey waves; its
    sentences end with what a survey can and cannot show."""

    def window_words(self, which: str) -> str:
        """The start or end wave in words (``30 settembre 2024``)."""
        from .read import wave_words

        return wave_words(self.start if which == "start" else self.end)

    def lines(self) -> list[str]:
        out = super().lines()[:-1]
        out.append(_("What this can show: whether what partners say about each other changed "
                     "more than chance would explain. What it cannot show: why, or what the "
                     "organisations that did not answer would have said; a change in who "
                     "answered looks like a change in the network."))
        return out


def compare_waves(survey: Survey, start: str, end: str, *, n_boot: int = 2000,
                  seed: int | None = None, attr: str | None = "sector",
                  confidence: float = 0.95) -> SurveyComparison:
    """Compare a survey's ``start`` wave with its ``end`` wave.

    Parameters
    ----------
    survey : Survey
    start, end : str
        Wave labels (:attr:`Survey.waves`); a unique beginning of a label
        (``"2024-09"`` for ``"2024-09-30"``) is enough.
    n_boot, seed, attr, confidence
        As in :func:`reterete.metrics.compare.compare_graphs`.

    Returns
    -------
    SurveyComparison
        The table of :func:`~reterete.metrics.compare.compare_graphs` on the
        waves' networks with directions dropped, followed by the rows of
        :data:`DIRECTED_METRICS`.

    Examples
    --------
    >>> from reterete.survey import read_survey
    >>> s = read_survey(pd.DataFrame({
    ...     "respondent": ["A", "B", "A", "B", "C", "C"], "partner": ["B", "C", "B", "A", "A", "B"],
    ...     "wave": ["w1", "w1", "w2", "w2", "w2", "w2"], "trust": [2, 3, 4, 4, 3, 4]}))
    >>> res = compare_waves(s, "w1", "w2", n_boot=200, seed=1)
    >>> res.table.loc[["named_ties", "reciprocity", "trust_mean"], ["start", "end"]].to_dict()
    {'start': {'named_ties': 2.0, 'reciprocity': 0.0, 'trust_mean': 2.5}, \
'end': {'named_ties': 4.0, 'reciprocity': 0.5, 'trust_mean': 3.75}}
    """
    w_s, w_e = match_wave(survey, start), match_wave(survey, end)
    G_s, G_e = survey.graph(w_s), survey.graph(w_e)
    base = compare_graphs(nx.Graph(G_s), nx.Graph(G_e), n_boot=n_boot, seed=seed, attr=attr,
                          confidence=confidence)
    order = sorted(set(G_s) | set(G_e), key=str)
    rng = np.random.default_rng(None if seed is None else [int(seed), 24])
    rows = directed_rows(survey, w_s, w_e, order, int(n_boot), rng, confidence)
    table = pd.concat([base.table, rows])
    table.index.name = "metric"
    from ..metrics.compare import _pairs_table

    pairs = _pairs_table(nx.Graph(G_s), nx.Graph(G_e), attr) if attr is not None else None
    return SurveyComparison(table, base.actors_start, base.actors_end, base.actors_common,
                            int(n_boot), seed, confidence, attr, start=w_s, end=w_e,
                            sector_pairs=pairs)


def match_wave(survey: Survey, text: str) -> str:
    """The wave a user means: its label, or the one label beginning with ``text``."""
    text = str(text).strip()
    if text in survey.waves:
        return text
    found = [w for w in survey.waves if w.startswith(text)]
    if len(found) == 1:
        return found[0]
    survey._check_wave(text)  # raises, listing the waves
    raise AssertionError("unreachable")


def directed_rows(survey: Survey, w_s: str, w_e: str, order: list, n_boot: int,
                  rng: np.random.Generator, confidence: float) -> pd.DataFrame:
    """The rows of :data:`DIRECTED_METRICS`, in the columns of a Comparison table."""
    idx = {a: i for i, a in enumerate(order)}
    N = len(order)
    S, E = _wave(survey, w_s, idx, N), _wave(survey, w_e, idx, N)
    obs_s, obs_e = _stats(S, S["p"][None, :].astype(float)), _stats(E, E["p"][None, :]
                                                                      .astype(float))
    # vertex bootstrap: the same draws for both waves
    draws = rng.integers(0, N, size=(n_boot, N))
    counts = np.zeros((n_boot, N))
    np.add.at(counts, (np.repeat(np.arange(n_boot), N), draws.ravel()), 1.0)
    boot_s, boot_e = _stats(S, counts * S["p"]), _stats(E, counts * E["p"])
    # jackknife: every actor of either wave left out once
    leave = 1.0 - np.eye(N)
    jack_s, jack_e = _stats(S, leave * S["p"]), _stats(E, leave * E["p"])
    common = S["p"] & E["p"]
    perm_all, d_all = _swaps(S, E, np.ones(N, dtype=bool), n_boot, rng)
    perm_common, d_common = _swaps(S, E, common, n_boot, rng)
    lo_q, hi_q = (1 - confidence) / 2, 1 - (1 - confidence) / 2
    rows = []
    for key in DIRECTED_METRICS:
        d = boot_e[key] - boot_s[key]
        d = d[np.isfinite(d)]
        ok = len(d) >= 2
        rows.append({
            "name": _NAMES[key], "start": float(obs_s[key][0]), "end": float(obs_e[key][0]),
            "delta": float(obs_e[key][0] - obs_s[key][0]),
            "ci_low": float(np.quantile(d, lo_q)) if ok else np.nan,
            "ci_high": float(np.quantile(d, hi_q)) if ok else np.nan,
            "p_value": _p_value(perm_common[key], d_common[key]),
            "p_value_all": _p_value(perm_all[key], d_all[key]),
            "se_boot": float(np.std(d, ddof=1)) if ok else np.nan,
            "se_jackknife": _jackknife_se(jack_e[key] - jack_s[key]),
            "delta_common": float(d_common[key]), "n_start": int(S["p"].sum()),
            "n_end": int(E["p"].sum()), "n_common": int(common.sum()),
            "interval": "vertex bootstrap, quadratic forms (directed)",
            "test": "dyad label swaps (both directions and ratings together): p_value on "
                    "common actors, p_value_all on all",
            "note": "" if len(d) == n_boot else
                    f"{n_boot - len(d)} resamples where the metric is undefined were left "
                    "out of the interval"})
    return pd.DataFrame(rows, index=pd.Index(DIRECTED_METRICS, name="metric"))


def _wave(survey: Survey, wave: str, idx: dict, N: int) -> dict[str, np.ndarray]:
    t = survey.ties[survey.ties["wave"] == wave]
    i = np.array([idx[a] for a in t["respondent"]], dtype=np.int64)
    j = np.array([idx[a] for a in t["partner"]], dtype=np.int64)
    out = {"A": np.zeros((N, N))}
    out["A"][i, j] = 1.0
    for kind in ("trust", "value"):
        r = t[kind].to_numpy(dtype=float)
        ok = np.isfinite(r)
        out[kind] = np.zeros((N, N))
        out[kind][i[ok], j[ok]] = r[ok]
        out[kind + "_n"] = np.zeros((N, N))
        out[kind + "_n"][i[ok], j[ok]] = 1.0
    out["M"] = out["A"] * out["A"].T
    p = np.zeros(N, dtype=bool)
    p[[idx[a] for a in survey.actors_of(wave)]] = True
    out["p"] = p
    return out


def _quad(C: np.ndarray, M: np.ndarray) -> np.ndarray:
    """``c^T M c`` for every row ``c`` of ``C``."""
    return np.einsum("ri,ij,rj->r", C, M, C, optimize=True)


def _stats(W: dict[str, np.ndarray], C: np.ndarray) -> dict[str, np.ndarray]:
    """The directed figures for each row of draw counts ``C`` (restricted to the wave)."""
    arcs = _quad(C, W["A"])
    n = C.sum(axis=1)
    pairs = n * n - (C * C).sum(axis=1)  # ordered pairs of distinct draws' actors
    with np.errstate(invalid="ignore", divide="ignore"):
        return {"named_ties": arcs,
                "named_density": np.where(pairs > 0, arcs / pairs, np.nan),
                "reciprocity": np.where(arcs > 0, _quad(C, W["M"]) / arcs, np.nan),
                "trust_mean": _ratio(_quad(C, W["trust"]), _quad(C, W["trust_n"])),
                "value_mean": _ratio(_quad(C, W["value"]), _quad(C, W["value_n"]))}


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)


def _swaps(S: dict, E: dict, keep: np.ndarray, n_boot: int, rng: np.random.Generator
           ) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """Dyad label swaps among the actors ``keep``: the resampled changes and the
    observed change, for each directed figure. Each wave keeps its own actors
    (those of ``keep`` in it)."""
    iu, ju = np.triu_indices(len(keep), k=1)
    inside = keep[iu] & keep[ju]
    iu, ju = iu[inside], ju[inside]

    def dyads(W):  # per unordered dyad: arcs, mutual arcs, rating sums and counts
        return {"A": W["A"][iu, ju] + W["A"][ju, iu], "M": 2 * W["M"][iu, ju],
                **{k: W[k][iu, ju] + W[k][ju, iu]
                   for k in ("trust", "trust_n", "value", "value_n")}}

    xs, xe = dyads(S), dyads(E)
    differ = np.zeros(len(iu), dtype=bool)
    for k in xs:
        differ |= xs[k] != xe[k]
    K = int(differ.sum())
    bits = (np.unpackbits(rng.integers(0, 256, (n_boot, (K + 7) // 8), dtype=np.uint8),
                          axis=1, count=K).astype(float) if K else np.zeros((n_boot, 0)))
    n_s, n_e = float((S["p"] & keep).sum()), float((E["p"] & keep).sum())

    def figures(tot: dict[str, np.ndarray], n: float) -> dict[str, np.ndarray]:
        with np.errstate(invalid="ignore", divide="ignore"):
            return {"named_ties": tot["A"],
                    "named_density": tot["A"] / (n * (n - 1)) if n > 1 else tot["A"] * np.nan,
                    "reciprocity": _ratio(tot["M"], tot["A"]),
                    "trust_mean": _ratio(tot["trust"], tot["trust_n"]),
                    "value_mean": _ratio(tot["value"], tot["value_n"])}

    obs_s = figures({k: np.array([v.sum()]) for k, v in xs.items()}, n_s)
    obs_e = figures({k: np.array([v.sum()]) for k, v in xe.items()}, n_e)
    tot_s, tot_e = {}, {}
    for k in xs:
        shift = bits @ (xe[k][differ] - xs[k][differ])
        tot_s[k] = xs[k].sum() + shift
        tot_e[k] = xe[k].sum() - shift
    fs, fe = figures(tot_s, n_s), figures(tot_e, n_e)
    return ({k: fe[k] - fs[k] for k in fs},
            {k: float(obs_e[k][0] - obs_s[k][0]) for k in obs_s})
