"""Likely duplicate actor names, reported with a similarity score, never merged.

Typos, abbreviations and accents ("Coop. Cospes" / "Cooperativa Cospes")
make one actor look like two. Merging is the user's decision, through the
registry's aliases (or ``reterete alias``).

The score is rapidfuzz's token-sort ratio, an InDel similarity
``100 (1 - d / (l1 + l2))``. Comparing every pair costs n^2 / 2 scores (40k
actors: 800 million, minutes and, as one table, gigabytes), so above
:data:`FULL_UP_TO` distinct names the search is blocked *without losing a
pair*: two strings within InDel distance ``d`` share at least
``(l1 + l2) / 2 - 1 - 1.5 d`` character bigrams (counted with multiplicity;
each edit breaks at most one bigram of the common subsequence on each side),
so with the threshold ``t`` a pair must share a fixed share of its bigrams,
and the prefix filter of set-similarity joins (Chaudhuri, Ganti & Kaushik
2006; Bayardo, Ma & Srikant 2007) finds every such pair from the rarest
bigrams of each name alone. Only those candidate pairs are scored
(``rapidfuzz.process.cpdist``), in chunks, so memory stays proportional to
the candidates. Below a threshold of 2/3 the bound says nothing and every
pair is scored, in chunks. Above :data:`MAX_NAMES` distinct names the search
is skipped and :func:`likely_duplicates` says so with a warning.

References
----------
.. [1] S. Chaudhuri, V. Ganti, R. Kaushik, "A primitive operator for
   similarity joins in data cleaning", ICDE 2006.
.. [2] R. J. Bayardo, Y. Ma, R. Srikant, "Scaling up all pairs similarity
   search", WWW 2007.
.. [3] E. Ukkonen, "Approximate string-matching with q-grams and maximal
   matches", Theoretical Computer Science 92 (1992): the q-gram lemma.
"""

from __future__ import annotations

import re
import unicodedata
import warnings

import numpy as np
import pandas as pd

__all__ = ["likely_duplicates", "similar_pairs", "describe_difference", "FULL_UP_TO",
           "MAX_NAMES", "MAX_CANDIDATES"]

#: Up to this many distinct names every pair is scored (as before blocking).
FULL_UP_TO = 2_000
#: Above this many distinct names the search is skipped, with a warning.
MAX_NAMES = 500_000
#: Candidate pairs the blocked search scores at most; past it the commonest shared
#: pieces of spelling are left out, and a warning says the search was partial.
MAX_CANDIDATES = 5_000_000
_CHUNK_PAIRS = 2_000_000

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
    limit : int
        At most this many pairs, most similar first.

    Returns
    -------
    DataFrame with columns ``actor_a``, ``actor_b``, ``name_a``, ``name_b``,
    ``score`` (0-100) and ``difference``, most similar first. The score is
    rapidfuzz's token-sort ratio on names with accents, punctuation and
    common abbreviations removed. ``difference`` names the characters that
    set two names apart when the eye cannot (a Cyrillic letter, an invisible
    character, an accent), else ``None``.

    Warns
    -----
    UserWarning
        When there are more than :data:`MAX_NAMES` distinct names: the search
        is skipped and the table is empty.

    Examples
    --------
    >>> s = pd.Series({"coop. cospes": "Coop. Cospes", "cooperativa cospes": "Cooperativa Cospes",
    ...                "bar roma": "Bar Roma"})
    >>> likely_duplicates(s)[["name_a", "name_b", "score"]].values.tolist()
    [['Coop. Cospes', 'Cooperativa Cospes', 100.0]]
    """
    cols = ["actor_a", "actor_b", "name_a", "name_b", "score", "difference"]
    if len(names) < 2:
        return pd.DataFrame(columns=cols)
    ids = names.index.to_numpy(dtype=object)
    display = names.astype(str).to_numpy(dtype=object)
    keys = [_comparable(n) for n in display]
    # token sort once here: ratio on sorted tokens is token_sort_ratio
    keys = [" ".join(sorted(k.split())) for k in keys]
    unique, inverse = np.unique(np.asarray(keys, dtype=object), return_inverse=True)
    if len(unique) > MAX_NAMES:
        from ..i18n import _

        warnings.warn(_("{n} distinct names: the search for likely duplicate names was "
                        "skipped (it is done up to {limit})").format(
                            n=len(unique), limit=MAX_NAMES), stacklevel=2)
        return pd.DataFrame(columns=cols)
    ui, uj, us = similar_pairs(list(unique), threshold=threshold)
    i, j, score = _expand(inverse, ui, uj, us)
    order = np.lexsort((j, i))  # row-major, as the full table gives them
    i, j, score = i[order], j[order], score[order]
    out = pd.DataFrame({"actor_a": ids[i], "actor_b": ids[j], "name_a": display[i],
                        "name_b": display[j],
                        "score": score.astype(np.float32).astype(float).round(1)})
    out = out.sort_values(["score", "name_a", "name_b"], ascending=[False, True, True],
                          kind="stable")
    out = out.head(limit).reset_index(drop=True)
    out["difference"] = [describe_difference(a, b) for a, b in
                         zip(out["name_a"], out["name_b"], strict=True)]
    return out[cols]


def similar_pairs(keys: list[str], *, threshold: float, method: str = "auto"
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair ``i < j`` of ``keys`` with ``fuzz.ratio >= threshold``.

    ``method`` is ``"full"`` (every pair, in chunks), ``"blocked"`` (the
    bigram prefix filter, exact; see the module notes) or ``"auto"``
    (blocked above :data:`FULL_UP_TO` keys when ``threshold >= 200/3``).
    Returns the arrays ``i``, ``j`` and ``score``.

    Examples
    --------
    >>> i, j, s = similar_pairs(["bar roma", "bar rome", "ada"], threshold=80)
    >>> i.tolist(), j.tolist(), s.round(1).tolist()
    ([0], [1], [87.5])
    """
    t = threshold / 100.0
    if method == "auto":
        method = "blocked" if len(keys) > FULL_UP_TO and t >= 2 / 3 else "full"
    if method == "blocked" and t < 2 / 3:
        raise ValueError("the blocked search needs a threshold of at least 66.7")
    if method == "full":
        return _full(keys, threshold)
    return _blocked(keys, threshold)[:3]


def describe_difference(a: str, b: str) -> str | None:
    """The characters that differ between two names, when the eye may not see it.

    ``None`` when the names differ only in plain ASCII letters, digits,
    spaces and punctuation (a typo anyone can see); else each differing
    character with its code point and Unicode name.

    Examples
    --------
    >>> describe_difference("Mario Rossi", "Mari\u043e Rossi")
    "'o' U+006F LATIN SMALL LETTER O / 'о' U+043E CYRILLIC SMALL LETTER O"
    >>> describe_difference("Bar Roma", "Bar Rome") is None
    True
    """
    import difflib

    parts: list[str] = []
    hidden = False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        left, right = a[a0:a1], b[b0:b1]
        if any(not _plain(ch) for ch in left + right):
            hidden = True
        parts.append(f"{_chars(left)} / {_chars(right)}")
    if not hidden or not parts:
        return None
    return "; ".join(parts[:4]) + ("; ..." if len(parts) > 4 else "")


# --------------------------------------------------------------------- helpers
def _plain(ch: str) -> bool:
    return ch.isascii() and (ch.isprintable() or ch == " ")


def _chars(text: str) -> str:
    if not text:
        return "-"
    shown = []
    for ch in text[:3]:
        glyph = repr(ch) if ch.isprintable() and not unicodedata.category(ch).startswith(
            ("Z", "C", "M")) else "(invisible)"
        shown.append(f"{glyph} U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')}")
    return " + ".join(shown) + (" + ..." if len(text) > 3 else "")


def _expand(inverse: np.ndarray, ui: np.ndarray, uj: np.ndarray, us: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of distinct keys to pairs of actors; actors sharing a key score 100."""
    inverse = np.asarray(inverse).ravel()
    order = np.argsort(inverse, kind="stable")
    starts = np.searchsorted(inverse[order], np.arange(inverse.max() + 2))
    members = [order[starts[k]:starts[k + 1]] for k in range(len(starts) - 1)]
    out_i: list[np.ndarray] = []
    out_j: list[np.ndarray] = []
    out_s: list[np.ndarray] = []
    for group in members:  # the same key: every pair scores 100
        if len(group) > 1:
            a, b = np.triu_indices(len(group), k=1)
            out_i.append(group[a])
            out_j.append(group[b])
            out_s.append(np.full(len(a), 100.0))
    sizes = np.array([len(m) for m in members])
    if len(ui) and (sizes[ui] * sizes[uj] == 1).all():
        out_i.append(np.array([members[k][0] for k in ui]))
        out_j.append(np.array([members[k][0] for k in uj]))
        out_s.append(np.asarray(us, dtype=float))
    else:
        for a, b, s in zip(ui, uj, us, strict=True):
            ga, gb = members[a], members[b]
            out_i.append(np.repeat(ga, len(gb)))
            out_j.append(np.tile(gb, len(ga)))
            out_s.append(np.full(len(ga) * len(gb), float(s)))
    if not out_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    i = np.concatenate(out_i).astype(np.int64)
    j = np.concatenate(out_j).astype(np.int64)
    s = np.concatenate(out_s)
    swap = i > j
    i[swap], j[swap] = j[swap], i[swap]
    return i, j, s


def _full(keys: list[str], threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from rapidfuzz import fuzz, process

    n = len(keys)
    rows = max(1, _CHUNK_PAIRS // max(n, 1))
    out_i, out_j, out_s = [], [], []
    for lo in range(0, n, rows):
        block = process.cdist(keys[lo:lo + rows], keys, scorer=fuzz.ratio, dtype=np.float32,
                              score_cutoff=float(threshold), workers=-1)
        a, b = np.nonzero(block)
        a = a + lo
        keep = a < b
        out_i.append(a[keep])
        out_j.append(b[keep])
        out_s.append(block[a[keep] - lo, b[keep]])
    return _joined(out_i, out_j, out_s)


def _blocked(keys: list[str], threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from rapidfuzz import fuzz, process

    t = threshold / 100.0
    n = len(keys)
    lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=n)
    # bigram occurrences, the k-th "ab" of a string a token of its own
    vocab: dict[tuple[str, int], int] = {}
    tokens: list[list[int]] = []
    for key in keys:
        seen: dict[str, int] = {}
        row = []
        for p in range(len(key) - 1):
            g = key[p:p + 2]
            k = seen.get(g, 0)
            seen[g] = k + 1
            row.append(vocab.setdefault((g, k), len(vocab)))
        tokens.append(row)
    freq = np.zeros(len(vocab), dtype=np.int64)
    for row in tokens:
        freq[row] += 1
    rank = np.empty(len(vocab), dtype=np.int64)
    rank[np.lexsort((np.arange(len(vocab)), freq))] = np.arange(len(vocab))
    # least overlap a partner of any admissible length needs (rounded down, to be safe)
    need = np.ceil((1.5 * t - 1) * 2 * lengths / (2 - t) - 1 - 1e-6).astype(np.int64)
    short = np.flatnonzero(need <= 0)  # no overlap guaranteed: compared with everyone
    pref_tok: list[np.ndarray] = []
    pref_sid: list[np.ndarray] = []
    for sid in np.flatnonzero(need > 0):
        ranked = np.sort(rank[tokens[sid]])
        size = len(ranked) - int(need[sid]) + 1
        pref_tok.append(ranked[:size])
        pref_sid.append(np.full(min(size, len(ranked)), sid, dtype=np.int64))
    groups: list[np.ndarray] = []
    if pref_tok:
        tok = np.concatenate(pref_tok)
        sid = np.concatenate(pref_sid)
        order = np.lexsort((sid, tok))
        tok, sid = tok[order], sid[order]
        groups = [g for g in np.split(sid, np.flatnonzero(np.diff(tok)) + 1) if len(g) > 1]
    sizes = np.array([len(g) for g in groups], dtype=np.int64)
    work = int((sizes * (sizes - 1) // 2).sum()) + len(short) * n
    complete = True
    if work > MAX_CANDIDATES:  # drop the commonest shared pieces until the work fits
        complete = False
        order = np.argsort(sizes, kind="stable")
        cum = np.cumsum(sizes[order] * (sizes[order] - 1) // 2) + len(short) * n
        keep = order[cum <= MAX_CANDIDATES]
        groups = [groups[k] for k in np.sort(keep)]
    t_len = 1 - t
    keys_arr = np.asarray(keys, dtype=object)
    out_i, out_j, out_s = [], [], []

    def score(codes: list[np.ndarray]) -> None:
        pairs = _unique(np.concatenate(codes))
        i, j = pairs // n, pairs % n
        li, lj = lengths[i], lengths[j]
        ok = np.abs(li - lj) <= t_len * (li + lj) + 1e-9
        i, j = i[ok], j[ok]
        if not len(i):
            return
        s = process.cpdist(list(keys_arr[i]), list(keys_arr[j]), scorer=fuzz.ratio,
                           dtype=np.float32, score_cutoff=float(threshold), workers=-1)
        hit = s > 0
        out_i.append(i[hit])
        out_j.append(j[hit])
        out_s.append(s[hit])

    batch: list[np.ndarray] = []
    size = 0
    for group in groups:
        a, b = np.triu_indices(len(group), k=1)
        batch.append(group[a] * n + group[b])
        size += len(a)
        if size >= _CHUNK_PAIRS:
            score(batch)
            batch, size = [], 0
    others = np.arange(n, dtype=np.int64)
    for s_ in short:  # too short for the filter: against everyone
        lo, hi = np.minimum(s_, others), np.maximum(s_, others)
        keep = lo != hi
        batch.append(lo[keep] * n + hi[keep])
        size += int(keep.sum())
        if size >= _CHUNK_PAIRS:
            score(batch)
            batch, size = [], 0
    if batch:
        score(batch)
    if not complete:
        from ..i18n import _

        warnings.warn(_("{n} distinct names: the search for likely duplicates compared only "
                        "names sharing an uncommon piece of spelling, so some similar pairs "
                        "may be missing").format(n=n), stacklevel=3)
    i, j, s = _joined(out_i, out_j, out_s)
    if len(i):  # the same pair found through several pieces: once
        order = np.argsort(i * n + j, kind="stable")
        i, j, s = i[order], j[order], s[order]
        first = np.ones(len(i), dtype=bool)
        first[1:] = (i[1:] != i[:-1]) | (j[1:] != j[:-1])
        i, j, s = i[first], j[first], s[first]
    return i, j, s


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort, faster here than numpy's hashing unique)."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _joined(out_i: list, out_j: list, out_s: list
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not out_i:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    return (np.concatenate(out_i).astype(np.int64), np.concatenate(out_j).astype(np.int64),
            np.concatenate(out_s).astype(np.float64))
