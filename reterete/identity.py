"""Actor and site identity: the one rule that says when two names are one actor.

An id is the name after Unicode NFKC, case folding, trimming and collapsing
inner white space (non-breaking and other Unicode spaces included).
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

__all__ = ["normalize_name", "normalize_series", "fold_key"]

_SPACE = re.compile(r"\s+", flags=re.UNICODE)


def normalize_name(name: object) -> str:
    """Return the actor id for ``name``.

    Examples
    --------
    >>> normalize_name("  Coop.\\u00a0 COSPES ")
    'coop. cospes'
    >>> normalize_name("Stra\\u00dfe") == normalize_name("STRASSE")
    True
    """
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    return _SPACE.sub(" ", text).strip()


def normalize_series(values: pd.Series) -> pd.Series:
    """Vectorised :func:`normalize_name` over unique values (names repeat a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = pd.Index([normalize_name(u) for u in uniques], dtype=object)
    out = pd.Series(mapped.take(codes.clip(min=0)), index=values.index, dtype=object)
    out[codes < 0] = None
    return out


def fold_key(text: object) -> str:
    """A looser key for matching headers and kinds: no accents, case, spaces,
    ``_``, ``-``, dots, or text in brackets.

    Examples
    --------
    >>> fold_key("Durata (min)")
    'durata'
    >>> fold_key("Attore_1")
    'attore1'
    >>> fold_key("Comitato di Quartiere") == fold_key("comitato-di-quartiere")
    True
    """
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"\([^)]*\)|\[[^\]]*\]", "", s).casefold()
    return re.sub(r"[\s_\-.'’]+", "", s)
