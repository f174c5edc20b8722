"""Byte-level facts about a whole text file, vectorised with numpy.

A 100 MB log must not be scanned byte by byte in Python, nor by a regular
expression trying an alternation at every position. Each question is
answered on demand by the cheapest pass that answers it: the line ends are
counted, and only the bytes of 0x80 and above (what the encoding questions
need) are located; a file that is ASCII (asked of the bytes in C) or UTF-8
(checked by Arrow) never needs their positions. The passes go over blocks
that stay in the processor's cache.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ByteFacts", "scan"]

#: bytes Windows-1252 leaves undefined; a file holding them is read as Latin-1
CP1252_HOLES = np.array([0x81, 0x8D, 0x8F, 0x90, 0x9D], dtype=np.uint8)
#: bytes per block of a pass (fits in a processor cache)
_BLOCK = 1 << 20


class ByteFacts:
    """Where the line ends and the non-ASCII bytes of ``data`` are, and
    what they say about its encoding and its lines. Each fact is worked
    out the first time it is asked for.

    Examples
    --------
    >>> facts = scan("Caffè;Bar\\r\\nOrto;Po\\r\\n".encode("utf-8"))
    >>> facts.ascii, facts.utf8_multibyte, facts.cp1252_holes
    (False, True, False)
    >>> facts.newlines, facts.carriage_returns, facts.bare_cr
    (2, 2, False)
    >>> scan("Caffè".encode("cp1252")).utf8_multibyte
    False
    >>> scan(b"a\\rb\\r\\n").bare_cr
    True
    >>> scan(b"a;b\\nc;d\\n").line(2)
    b'c;d\\n'
    """

    def __init__(self, data: bytes | memoryview):
        self._data = data
        self._arr = np.frombuffer(data, dtype=np.uint8)
        self._cache: dict[str, object] = {}

    def _blocks(self):
        """(start, block) over the data, ``_BLOCK`` bytes at a time."""
        arr = self._arr
        for start in range(0, len(arr), _BLOCK):
            yield start, arr[start:start + _BLOCK]

    def _count(self, byte: int) -> int:
        key = f"count{byte}"
        if key not in self._cache:
            self._cache[key] = sum(int(np.count_nonzero(b == byte)) for _, b in self._blocks())
        return self._cache[key]  # type: ignore[return-value]

    def _where(self, byte: int) -> np.ndarray:
        key = f"where{byte}"
        if key not in self._cache:
            found = [np.flatnonzero(b == byte) + s for s, b in self._blocks()]
            self._cache[key] = np.concatenate(found) if found else np.zeros(0, np.int64)
        return self._cache[key]  # type: ignore[return-value]

    @property
    def newlines(self) -> int:
        """Number of ``\\n`` bytes."""
        return self._count(0x0A)

    @property
    def carriage_returns(self) -> int:
        """Number of ``\\r`` bytes."""
        return self._count(0x0D)

    @property
    def bare_cr(self) -> bool:
        """Any ``\\r`` not followed by ``\\n`` (an old Mac line end, or a stray one)."""
        if not self.carriage_returns:
            return False
        cr = self._where(0x0D)
        after = cr + 1
        return bool((after >= len(self._arr)).any()
                    or (self._arr[after[after < len(self._arr)]] != 0x0A).any())

    def line(self, number: int) -> bytes:
        """The bytes of line ``number`` (1 = the first), its line end included."""
        nl = self._where(0x0A)
        start = 0 if number <= 1 else int(nl[number - 2]) + 1
        end = int(nl[number - 1]) + 1 if number - 1 < len(nl) else len(self._arr)
        return self._arr[start:end].tobytes()

    @property
    def ascii(self) -> bool:
        """No byte of 0x80 or above: the text is ASCII, hence valid UTF-8."""
        if "positions" in self._cache:
            return not len(self.positions)
        data = self._data
        return data.isascii() if isinstance(data, bytes) else not len(self.positions)

    @property
    def positions(self) -> np.ndarray:
        """Positions of the bytes of 0x80 and above."""
        if "positions" not in self._cache:
            # read as signed bytes, those from 0x80 up are negative
            found = [np.flatnonzero(b.view(np.int8) < 0) + s for s, b in self._blocks()]
            self._cache["positions"] = np.concatenate(found) if found else np.zeros(0, np.int64)
        return self._cache["positions"]  # type: ignore[return-value]

    @property
    def _values(self) -> np.ndarray:
        return self._arr[self.positions]

    @property
    def cp1252_holes(self) -> bool:
        """Any byte that Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D)."""
        return bool(np.isin(self._values, CP1252_HOLES).any())

    @property
    def utf8_multibyte(self) -> bool:
        """Any well-formed two- or three-byte UTF-8 sequence, as the regular
        expression ``[\\xc2-\\xdf][\\x80-\\xbf]|[\\xe0-\\xef][\\x80-\\xbf]{2}``
        would find one anywhere in the data."""
        v = self._values
        if not len(v):
            return False
        c1 = self._continuation(1)
        if ((v >= 0xC2) & (v <= 0xDF) & c1).any():
            return True
        return bool(((v >= 0xE0) & (v <= 0xEF) & c1 & self._continuation(2)).any())

    def _continuation(self, k: int) -> np.ndarray:
        """Whether the byte ``k`` places after each high byte is 0x80-0xBF."""
        pos = self.positions + k
        inside = pos < len(self._arr)
        out = np.zeros(len(pos), dtype=bool)
        after = self._arr[pos[inside]]
        out[inside] = (after >= 0x80) & (after <= 0xBF)
        return out


def scan(data: bytes | memoryview) -> ByteFacts:
    """The facts of ``data``, each worked out when first asked for."""
    return ByteFacts(data)
