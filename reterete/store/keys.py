"""Content keys: what makes a contact "the same" from one import to the next.

A contact is keyed by its content, not by file name or row (see
:mod:`reterete.store`); :func:`content_keys` computes the salted key of every
row of a checked table at once, and :func:`_occurrences` numbers repeated
contents within one file.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

import numpy as np
import pandas as pd

from ..identity import SMALL, distinct, take
from ._base import _INTERACTION_FIELDS, _json, _missing, _norm

__all__ = ["content_keys"]

#: Rows whose content texts are built and hashed at a time (bounds the memory
#: the texts take on a million-row log).
_CHUNK = 100_000
_KEY_COLUMNS = ("date", "source", "target", "site", "kind", "duration_min", "weight",
                "recorded_by", "event", "note")


def content_keys(inter: pd.DataFrame, salt: str) -> list[str]:
    """The salted content key of each interaction (see :mod:`reterete.store`).

    ``inter`` has :func:`reterete.ingest.check_contacts`'s interaction columns
    with actor ids before aliases in ``source``, ``target`` and ``recorded_by``.

    The key is the keyed BLAKE2b (256 bits, keyed by ``salt``) of the row's
    *content text*: the compact JSON array ``[date, source, target, site, kind,
    duration_min, weight, recorded_by, event, note, extras]``, where the date
    is ISO 8601, names and texts are normalised like actor names (``null``
    when missing or blank), numbers are floats (``-0.0`` counts as ``0.0``)
    and ``extras`` is the list of ``[column, normalised value]`` pairs of the
    other columns that hold something, sorted by column. JSON makes the text
    unambiguous: two different contents never give the same text.

    Each column is encoded once per distinct value and gathered back by
    code, so the only work per row is joining the pieces and the HMAC.
    """
    n = len(inter)
    encoders = {"date": lambda u: _json(pd.Timestamp(u).isoformat()),
                "source": _json, "target": _json,
                "duration_min": lambda u: _json(float(u) + 0.0),
                "weight": lambda u: _json(float(u) + 0.0)}
    pieces = [_per_value(inter[c], encoders.get(c, _json_norm), "null") for c in _KEY_COLUMNS]
    extra = sorted((str(c), c) for c in inter.columns if c not in _INTERACTION_FIELDS)
    if extra:
        pairs = [_per_value(inter[c], _pair_encoder(name), "") for name, c in extra]
        joined = pairs[0].copy() if len(pairs) == 1 else np.sum(pairs, axis=0)
        pieces.append(np.array(["[" + s[1:] + "]" for s in joined.tolist()], dtype=object))
    else:
        pieces.append(np.full(n, "[]", dtype=object))
    secret = salt.encode("ascii")
    blake = hashlib.blake2b
    keys: list[str] = []
    for start in range(0, n, _CHUNK):
        cols = [p[start:start + _CHUNK].tolist() for p in pieces]
        keys += [blake(("[" + ",".join(row) + "]").encode("utf-8"), key=secret,
                       digest_size=32).hexdigest() for row in zip(*cols, strict=True)]
    return keys


def _per_value(values: pd.Series, fn: Any, fill: object) -> np.ndarray:
    """``fn`` of each row's value as an object array, ``fill`` where it is
    missing; ``fn`` runs once per distinct value."""
    if len(values) > SMALL:
        try:
            codes, uniques = distinct(values)
        except TypeError:  # unhashable cells (lists): one call per row
            pass
        else:
            done = np.empty(len(uniques), dtype=object)
            done[:] = [fn(u) for u in uniques.tolist()]
            return take(done, codes, fill)
    out = np.empty(len(values), dtype=object)
    out[:] = [fill if _missing(v) else fn(v) for v in values.tolist()]
    return out


def _json_norm(v: object) -> str:
    return _json(_norm(v))


def _pair_encoder(name: str) -> Any:
    head = ",[" + _json(name) + ","

    def encode(v: object) -> str:
        text = _norm(v)
        return "" if text is None else head + _json(text) + "]"
    return encode


def _occurrences(keys: list[str]) -> np.ndarray:
    """1 for the first row of each key, 2 for the second, ..."""
    if len(keys) <= SMALL:  # an entry logged in the app: no pandas machinery
        seen: Counter[str] = Counter()
        out = np.empty(len(keys), dtype=np.int64)
        for i, key in enumerate(keys):
            seen[key] += 1
            out[i] = seen[key]
        return out
    codes, _ = pd.factorize(np.asarray(keys, dtype=object))
    return (pd.Series(codes).groupby(codes, sort=False).cumcount() + 1).to_numpy()
