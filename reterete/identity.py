"""Actor and site identity: the one rule that says when two names are one actor.

An id is the name after Unicode NFKC, case folding, trimming and collapsing
inner white space (non-breaking and other Unicode spaces included).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

__all__ = ["normalize_name", "normalize_series", "normalize_codes", "distinct", "take",
           "fold_key", "is_missing", "SMALL"]

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
    if text.isascii() and text.isprintable() and "  " not in text:
        return text.strip()  # no white space but single spaces: nothing to collapse
    return _SPACE.sub(" ", text).strip()


def distinct(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``(codes, uniques)`` of a column, ``-1`` where a value is missing.

    A categorical column (what the CSV reader gives) is already that: its
    codes and categories are used as they are, at no cost. ``uniques`` may
    then hold values no row uses; gather by ``codes``, never list
    ``uniques`` as if every one were present.

    Examples
    --------
    >>> codes, uniques = distinct(pd.Series(["b", None, "a", "b"]))
    >>> codes.tolist(), list(uniques)
    ([0, -1, 1, 0], ['b', 'a'])
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return np.asarray(values.cat.codes), values.cat.categories
    if len(values) <= SMALL and values.dtype == object:
        codes, uniques = _factorize_small(values.tolist())
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    # an object column's uniques stay objects (pandas 3 would infer "str" from an array)
    kept = values.dtype if values.dtype == object else None
    if getattr(uniques, "dtype", None) is np.dtype(object) and len(uniques) and \
            pd.api.types.infer_dtype(uniques, skipna=True).startswith("datetime"):
        # date-times in an object column (a Parquet file's tz-aware times):
        # pandas 2 warns when Index infers their dtype, pandas 3 infers it
        return codes, pd.Index(uniques, dtype=object).infer_objects()
    return codes, pd.Index(uniques, dtype=kept)


#: Up to this many values (a contact logged from a phone: one to a few rows)
#: plain Python beats pandas' fixed cost per call (factorize, Index).
SMALL = 64


def _factorize_small(items: list) -> tuple[np.ndarray, np.ndarray]:
    """:func:`pandas.factorize` of a short object column, in first-seen order
    (equal values are one, as in pandas' object hash table; missing is -1)."""
    seen: dict = {}
    codes = np.fromiter((-1 if is_missing(v) else seen.setdefault(v, len(seen))
                         for v in items), dtype=np.intp, count=len(items))
    uniques = np.empty(len(seen), dtype=object)
    uniques[:] = list(seen)
    return codes, uniques


def is_missing(v: object) -> bool:
    """Whether one cell is missing as pandas sees it (None, NA, NaT, NaN)."""
    return (v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)
            or (isinstance(v, np.datetime64) and np.isnat(v)))


def normalize_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, ids)``: :func:`normalize_name` of each distinct value of
    ``values`` (an object array, several spellings may give one id) and each
    row's code into it (``-1`` where missing)."""
    codes, uniques = distinct(values)
    return codes, np.array([normalize_name(u) for u in uniques], dtype=object)


def normalize_series(values: pd.Series) -> pd.Series:
    """Vectorised :func:`normalize_name` over unique values (names repeat a lot).

    Examples
    --------
    >>> normalize_series(pd.Series(["Bar  Roma", None, "BAR ROMA"])).tolist()
    ['bar roma', None, 'bar roma']
    """
    codes, ids = normalize_codes(values)
    return pd.Series(take(ids, codes), index=values.index, dtype=object)


def take(values: np.ndarray, codes: np.ndarray, fill: object = None) -> np.ndarray:
    """``values[codes]`` as an object array, ``fill`` where a code is ``-1``."""
    table = np.empty(len(values) + 1, dtype=object)
    table[:-1] = values
    table[-1] = fill
    return table[codes]


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
