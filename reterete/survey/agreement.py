r"""What partners say against what workers logged.

For each wave, the **reported** ties are the pairs of actors one of whom
named the other in that wave (direction dropped), and the **logged** ties
are the ties of the contact logs in the wave's period (by default the
calendar month of the wave's date) between actors of the survey's roster
(everyone the survey mentions, in any wave) of whom at least one answered
that wave: the ties the survey could have reported. Then

.. math:: \text{jaccard} = \frac{|R \cap L|}{|R \cup L|}

(0 when both are empty is NaN: nothing to agree on). The ties in one set and
not the other are what a coordinator can act on: partnerships nobody logs,
and contacts partners do not count as partnerships.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from .read import Survey

__all__ = ["agreement", "agreement_ties"]


def agreement(survey: Survey, network, *, periods: Mapping[str, Any] | None = None,
              site: str | None = None) -> pd.DataFrame:
    """One row per wave: ``start``, ``end`` (the period compared), ``reported``,
    ``logged``, ``both``, ``jaccard``.

    Parameters
    ----------
    survey : Survey
    network : Network
        The contact logs, read with the same actor registry (so that names
        resolve to the same actors).
    periods : mapping, optional
        Wave label -> ``(from, to)`` (inclusive, as ``Network.graph`` takes
        them), replacing the default calendar month of each wave.
    site : str, optional
        Only the logged interactions at this site.

    Examples
    --------
    >>> from reterete import Network
    >>> from reterete.survey import read_survey
    >>> s = read_survey(pd.DataFrame({"respondent": ["A", "A"], "partner": ["B", "C"],
    ...                               "wave": ["2024-09", "2024-09"]}))
    >>> net = Network.from_interactions(pd.DataFrame({
    ...     "date": ["2024-09-03", "2024-09-09", "2024-10-01"], "source": ["A", "B", "A"],
    ...     "target": ["B", "C", "C"]}))
    >>> agreement(s, net).reset_index()[["wave", "reported", "logged", "both", "jaccard"]]
          wave  reported  logged  both  jaccard
    0  2024-09         2       1     1      0.5

    The B-C contact is left out: neither answered, so the survey could not
    report it; the A-C contact of October is outside September.
    """
    rows = []
    for w, reported, logged, (start, end) in _sets(survey, network, periods, site):
        both = reported & logged
        union = reported | logged
        rows.append({"wave": w, "start": start, "end": end, "reported": len(reported),
                     "logged": len(logged), "both": len(both),
                     "jaccard": len(both) / len(union) if union else np.nan})
    return pd.DataFrame(rows, columns=["wave", "start", "end", "reported", "logged", "both",
                                       "jaccard"]).set_index("wave")


def agreement_ties(survey: Survey, network, *, periods: Mapping[str, Any] | None = None,
                   site: str | None = None) -> pd.DataFrame:
    """The ties the two sources disagree on, one row each: ``wave``, ``status``
    (``"reported_only"``: named in the survey, no contact logged in the
    period; ``"logged_only"``: contacts logged, nobody named the other),
    ``actor_a``, ``actor_b`` (names, in name order), ``named_by`` (who named
    whom, for reported ties), ``interactions`` (logged in the period),
    ``id_a``, ``id_b``.
    """
    rows = []
    for w, reported, logged, (start, end) in _sets(survey, network, periods, site):
        tw = survey.ties[survey.ties["wave"] == w]
        namers: dict[frozenset, list[str]] = {}
        for a, b in zip(tw["respondent"], tw["partner"], strict=True):
            namers.setdefault(frozenset((a, b)), []).append(survey.name_of(a))
        G = network.graph(start, end, site=site)
        for status, pairs in (("reported_only", reported - logged),
                              ("logged_only", logged - reported)):
            for pair in pairs:
                a, b = sorted(pair, key=lambda x: (survey.name_of(x), x))
                rows.append({"wave": w, "status": status, "actor_a": survey.name_of(a),
                             "actor_b": survey.name_of(b),
                             "named_by": ", ".join(sorted(namers.get(pair, []))),
                             "interactions": (int(G[a][b].get("count", 1))
                                              if G.has_edge(a, b) else 0),
                             "id_a": a, "id_b": b})
    cols = ["wave", "status", "actor_a", "actor_b", "named_by", "interactions", "id_a", "id_b"]
    out = pd.DataFrame(rows, columns=cols)
    if len(out):
        order = {w: k for k, w in enumerate(survey.waves)}
        out = out.sort_values(["wave", "status", "actor_a", "actor_b"],
                              key=lambda s: s.map(order) if s.name == "wave" else s,
                              kind="stable").reset_index(drop=True)
    return out


def _sets(survey: Survey, network, periods, site):
    """Per wave: label, reported pairs, logged pairs, (start, end)."""
    from ..errors import InputError
    from ..i18n import _

    roster = set(survey.roster())
    for w in survey.waves:
        span = (periods or {}).get(w, survey.periods.get(w))
        if span is None:
            raise InputError(_("the wave {wave} has no date, so its period in the logs is "
                               "unknown: name waves by a date or a month (2024-09), or give "
                               "the periods").format(wave=repr(w)))
        start, end = span
        tw = survey.ties[survey.ties["wave"] == w]
        reported = {frozenset(p) for p in zip(tw["respondent"], tw["partner"], strict=True)}
        answered = set(survey.respondents.loc[survey.respondents["wave"] == w, "actor"])
        G = network.graph(start, end, site=site)
        logged = {frozenset((u, v)) for u, v in G.edges()
                  if u != v and u in roster and v in roster and (u in answered or v in answered)}
        yield w, reported, logged, (start, end)
