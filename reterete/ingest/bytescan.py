"""Byte-level facts about a whole text file, vectorised with numpy.

A 100 MB log must not be scanned byte by byte in Python, nor by a regular
expression trying an alternation at every position, nor once per question:
one pass finds the few bytes that matter (line ends, control bytes, bytes of
0x80 and above) and every question is answered from them alone.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ByteFacts", "scan"]

#: bytes Windows-1252 leaves undefined; a file holding them is read as Latin-1
CP1252_HOLES = np.array([0x81, 0x8D, 0x8F, 0x90, 0x9D], dtype=np.uint8)


class ByteFacts:
    """Where the control bytes and the non-ASCII bytes of ``data`` are, and
    what they say about its encoding and its lines.

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
    """

    def __init__(self, data: bytes | memoryview):
        self._arr = np.frombuffer(data, dtype=np.uint8)
        # bytes below 0x20 or from 0x80 up, in one comparison: read as signed
        # bytes, those from 0x80 up are negative
        special = np.flatnonzero(self._arr.view(np.int8) < 0x20)
        kinds = self._arr[special]
        high = kinds >= 0x80
        self.positions = special[high]
        self._values = kinds[high]
        self._nl = special[kinds == 0x0A]
        self._cr = special[kinds == 0x0D]

    @property
    def newlines(self) -> int:
        """Number of ``\\n`` bytes."""
        return len(self._nl)

    @property
    def carriage_returns(self) -> int:
        """Number of ``\\r`` bytes."""
        return len(self._cr)

    @property
    def bare_cr(self) -> bool:
        """Any ``\\r`` not followed by ``\\n`` (an old Mac line end, or a stray one)."""
        after = self._cr + 1
        return bool((after >= len(self._arr)).any()
                    or (self._arr[after[after < len(self._arr)]] != 0x0A).any())

    def line(self, number: int) -> bytes:
        """The bytes of line ``number`` (1 = the first), its line end included."""
        start = 0 if number <= 1 else int(self._nl[number - 2]) + 1
        end = int(self._nl[number - 1]) + 1 if number - 1 < len(self._nl) else len(self._arr)
        return self._arr[start:end].tobytes()

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


def scan(data: bytes | memoryview) -> ByteFacts:
    """Scan ``data`` once for its control bytes and bytes of 0x80 and above."""
    return ByteFacts(data)
