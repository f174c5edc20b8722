"""Likely duplicate actor names, reported with a similarity score, never merged.

Typos, abbreviations and accents ("Coop. Cospes" / "Cooperativa Cospes")
make one actor look like two. Merging is the user's decision, through the
registry's aliases (or ``reterete alias``).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

__all__ = ["likely_duplicates"]

# common Italian abbreviations in actor names, expanded before comparing
_ABBREVIATIONS = {
    "coop": "cooperativa", "ass": "associazione", "assoc": "associazione",
    "ist": "istituto", "p": "piazza", "pza": "piazza", "pzza": "piazza", "p.zza": "piazza",
    "sc": "scuola", "parr": "parrocchia", "com": "comitato", "s": "san", "pol": "polizia",
    "serv": "servizio", "soc": "sociale", "v": "via",
}


def _comparable(name: str) -> str:
    s = unicodedata.normalize("NFKD", name.casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    words = re.findall(r"[a-z0-9]+", s)
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def likely_duplicates(names: pd.Series, *, threshold: float = 88.0,
                      limit: int = 200) -> pd.DataFrame:
    """Pairs of distinct actors whose names look like the same actor.

    Parameters
    ----------
    names : Series
        Display names indexed by actor id.
    threshold : float
        Minimum similarity (0-100) to report a pair.

    Returns
    -------
    DataFrame with columns ``name_a``, ``name_b``, ``score`` (0-100), most
    similar first. The score is rapidfuzz's token-sort ratio on names with
    accents, punctuation and common abbreviations removed.

    Examples
    --------
    >>> s = pd.Series({"coop. cospes": "Coop. Cospes", "cooperativa cospes": "Cooperativa Cospes",
    ...                "bar roma": "Bar Roma"})
    >>> likely_duplicates(s)[["name_a", "name_b", "score"]].values.tolist()
    [['Coop. Cospes', 'Cooperativa Cospes', 100.0]]
    """
    from rapidfuzz import fuzz, process

    cols = ["actor_a", "actor_b", "name_a", "name_b", "score"]
    if len(names) < 2:
        return pd.DataFrame(columns=cols)
    ids = names.index.to_numpy(dtype=object)
    display = names.astype(str).to_numpy(dtype=object)
    keys = [_comparable(n) for n in display]
    scores = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio, dtype=np.float32,
                           score_cutoff=float(threshold), workers=-1)
    i, j = np.nonzero(np.triu(scores, k=1))
    out = pd.DataFrame({"actor_a": ids[i], "actor_b": ids[j], "name_a": display[i],
                        "name_b": display[j],
                        "score": scores[i, j].astype(float).round(1)})
    out = out.sort_values(["score", "name_a", "name_b"], ascending=[False, True, True],
                          kind="stable")
    return out.head(limit).reset_index(drop=True)[cols]
