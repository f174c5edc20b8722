"""Byte-level facts about a whole text file, vectorised with numpy.

A 100 MB log must not be scanned byte by byte in Python (nor by a regular
expression that tries an alternation at every position): the few bytes
that matter, those of 0x80 and above, are found in one pass and examined
alone.
"""

from __future__ import annotations

import numpy as np

__all__ = ["HighBytes", "high_bytes"]

#: bytes Windows-1252 leaves undefined; a file holding them is read as Latin-1
CP1252_HOLES = np.array([0x81, 0x8D, 0x8F, 0x90, 0x9D], dtype=np.uint8)


class HighBytes:
    """Where the non-ASCII bytes of ``data`` are, and what they say about its
    encoding.

    Examples
    --------
    >>> facts = high_bytes("Caffè".encode("utf-8"))
    >>> facts.ascii, facts.utf8_multibyte, facts.cp1252_holes
    (False, True, False)
    >>> high_bytes("Caffè".encode("cp1252")).utf8_multibyte
    False
    >>> high_bytes(b"plain text").ascii
    True
    """

    def __init__(self, data: bytes | memoryview):
        self._arr = np.frombuffer(data, dtype=np.uint8)
        self.positions = np.flatnonzero(self._arr >= 0x80)
        self._values = self._arr[self.positions]

    @property
    def ascii(self) -> bool:
        """No byte of 0x80 or above: the text is ASCII, hence valid UTF-8."""
        return not len(self.positions)

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


def high_bytes(data: bytes | memoryview) -> HighBytes:
    """Scan ``data`` once for its bytes of 0x80 and above."""
    return HighBytes(data)
