r"""What partners say, wave by wave: density, reciprocity, trust and value.

Definitions (``docs/survey.md``; DESIGN "Relational surveys"): a wave's actors
are its respondents and the partners they name, :math:`n` of them; its ties
:math:`T` are the named (respondent, partner) pairs, so

.. math:: \text{density} = \frac{T}{n (n - 1)}, \qquad
          \text{reciprocity} = \frac{\#\{(i, j) \in T : (j, i) \in T\}}{T}

(the share of named ties the partner also names, as
:func:`networkx.overall_reciprocity` counts it). A tie's trust is the mean of
its answered ``trust_*`` ratings, its value likewise; a wave's trust and
value are means over its ties that have one; an actor's received scores are
means over the respondents naming it.

References
----------
.. [1] Varda, D. M., Chandra, A., Stern, S. A., & Lurie, N. (2008). Core
   dimensions of connectivity in public health collaboratives. Journal of
   Public Health Management and Practice, 14(5), E1-E7.
.. [2] Wasserman, S., & Faust, K. (1994). Social Network Analysis, ch. 13
   (dyads: mutual, asymmetric and null).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .read import Survey

__all__ = ["wave_summary", "actor_scores", "tie_scores", "scores_by"]


def wave_summary(survey: Survey) -> pd.DataFrame:
    """One row per wave: ``respondents``, ``actors``, ``ties``, ``density``,
    ``reciprocity``, ``trust``, ``value``.

    Examples
    --------
    >>> from reterete.survey import read_survey
    >>> s = read_survey(pd.DataFrame({"respondent": ["A", "B", "B"], "partner": ["B", "A", "C"],
    ...                               "wave": ["w1"] * 3, "trust": [4, 3, None],
    ...                               "value": [2, 2, 4]}))
    >>> wave_summary(s).round(3).reset_index()
      wave  respondents  actors  ties  density  reciprocity  trust  value
    0   w1            2       3     3      0.5        0.667    3.5  2.667
    """
    t = survey.ties
    rows = []
    for w in survey.waves:
        tw = t[t["wave"] == w]
        n = len(survey.actors_of(w))
        m = len(tw)
        resp = int((survey.respondents["wave"] == w).sum())
        rows.append({"wave": w, "respondents": resp, "actors": n, "ties": m,
                     "density": m / (n * (n - 1)) if n > 1 else np.nan,
                     "reciprocity": _reciprocated(tw).mean() if m else np.nan,
                     "trust": tw["trust"].mean() if m else np.nan,
                     "value": tw["value"].mean() if m else np.nan})
    cols = ["respondents", "actors", "ties", "density", "reciprocity", "trust", "value"]
    out = pd.DataFrame(rows, columns=["wave", *cols]).set_index("wave")
    return out.astype({"respondents": int, "actors": int, "ties": int})


def actor_scores(survey: Survey) -> pd.DataFrame:
    """One row per actor and wave: ``wave``, ``actor`` (id), ``name``,
    ``responded`` (answered that wave), ``named_by`` (respondents naming it),
    ``names`` (partners it named), ``trust_received`` and ``value_received``
    (means over the respondents naming it; NaN when nobody named it or nobody
    rated it).

    Examples
    --------
    >>> from reterete.survey import read_survey
    >>> s = read_survey(pd.DataFrame({"respondent": ["A", "B"], "partner": ["C", "C"],
    ...                               "wave": ["w1", "w1"], "trust": [4, 3]}))
    >>> actor_scores(s)[["actor", "named_by", "names", "trust_received"]]
      actor  named_by  names  trust_received
    0     a         0      1             NaN
    1     b         0      1             NaN
    2     c         2      0             3.5
    """
    t = survey.ties
    parts = []
    for w in survey.waves:
        tw = t[t["wave"] == w]
        actors = pd.Index(survey.actors_of(w), name="actor")
        got = tw.groupby("partner", observed=True).agg(
            named_by=("respondent", "size"), trust_received=("trust", "mean"),
            value_received=("value", "mean")).reindex(actors)
        gave = tw.groupby("respondent", observed=True).size().reindex(actors, fill_value=0)
        resp = set(survey.respondents.loc[survey.respondents["wave"] == w, "actor"])
        parts.append(pd.DataFrame({
            "wave": w, "actor": actors, "name": [survey.name_of(a) for a in actors],
            "responded": [a in resp for a in actors],
            "named_by": got["named_by"].fillna(0).astype(int).to_numpy(),
            "names": gave.to_numpy().astype(int),
            "trust_received": got["trust_received"].to_numpy(dtype=float),
            "value_received": got["value_received"].to_numpy(dtype=float)}))
    cols = ["wave", "actor", "name", "responded", "named_by", "names", "trust_received",
            "value_received"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]


def tie_scores(survey: Survey) -> pd.DataFrame:
    """One row per named tie: ``wave``, ``respondent``, ``partner`` (names),
    ``trust``, ``value``, ``frequency``, ``reciprocated`` (the partner names
    the respondent in the same wave), ``respondent_id``, ``partner_id``.
    """
    t = survey.ties
    rec = np.zeros(len(t), dtype=bool)
    for w in survey.waves:
        mask = (t["wave"] == w).to_numpy()
        rec[mask] = _reciprocated(t[mask]).to_numpy()
    return pd.DataFrame({
        "wave": t["wave"].astype(str), "respondent": [survey.name_of(a) for a in t["respondent"]],
        "partner": [survey.name_of(a) for a in t["partner"]], "trust": t["trust"],
        "value": t["value"], "frequency": t["frequency"], "reciprocated": rec,
        "respondent_id": t["respondent"], "partner_id": t["partner"]})


def scores_by(survey: Survey, attr: str = "sector") -> pd.DataFrame:
    """Trust and value received by the partners of each group, per wave.

    One row per wave and group of the partner's ``attr`` (from the registry;
    ``(unknown)`` without it): ``wave``, ``group``, ``ties`` (named ties
    towards the group), ``trust``, ``value`` (means over those ties), and
    ``named`` (distinct actors of the group named).
    """
    t = survey.ties
    attrs = survey.attributes
    if attrs is not None and attr in attrs.columns:
        groups = attrs[attr].astype(object).where(attrs[attr].notna(), None).to_dict()
    else:
        groups = {}
    group = [groups.get(p) or "(unknown)" for p in t["partner"]]
    frame = t.assign(group=group, wave=t["wave"].astype(str))
    out = (frame.groupby(["wave", "group"], sort=False)
           .agg(ties=("partner", "size"), named=("partner", "nunique"),
                trust=("trust", "mean"), value=("value", "mean"))
           .reset_index())
    order = {w: k for k, w in enumerate(survey.waves)}
    out = out.sort_values(["wave", "trust", "group"], ascending=[True, False, True],
                          key=lambda s: s.map(order) if s.name == "wave" else s,
                          kind="stable")
    return out[["wave", "group", "ties", "named", "trust", "value"]].reset_index(drop=True)


def _reciprocated(tw: pd.DataFrame) -> pd.Series:
    """For each tie of one wave, whether its reverse is named too."""
    pairs = set(zip(tw["respondent"], tw["partner"], strict=True))
    return pd.Series([(b, a) in pairs for a, b in zip(tw["respondent"], tw["partner"],
                                                      strict=True)],
                     index=tw.index, dtype=bool)
