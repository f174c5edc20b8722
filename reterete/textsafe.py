"""Names shown safely: isolated in pages, escaped on the terminal.

A name is whatever a log holds. Two kinds of characters in it can change
what is around it when shown:

- bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE, U+2066-U+2069 ...)
  and right-to-left letters reorder the rest of a line of a page;
  :func:`isolate` wraps such a name between FIRST STRONG ISOLATE (U+2068)
  and POP DIRECTIONAL ISOLATE (U+2069), the plain-text form of ``<bdi>``
  [1]_: the name keeps its own direction and the line around it is left as
  written (an override inside is closed by the isolate's end). The HTML
  templates apply it to every value they print (Jinja's ``finalize``), text
  and attributes alike;
- control characters (ESC starts a terminal command: ``\\x1b[2J`` clears the
  screen) reach a terminal raw; :func:`printable` writes them as ``\\x1b``.

References
----------
.. [1] Unicode Standard Annex #9, "Unicode Bidirectional Algorithm",
   section 2.7 (isolates), https://www.unicode.org/reports/tr9/
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["isolate", "printable", "FSI", "PDI"]

FSI, PDI = "\u2068", "\u2069"

#: Bidirectional controls and right-to-left scripts (Hebrew, Arabic, Syriac,
#: Thaana, NKo, Samaritan, ... and their presentation forms).
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
                   "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]|[\U00010800-\U00010fff]"
                   "|[\U0001e800-\U0001efff]")

#: What a terminal must not receive raw: C0 controls but tab and newline, DEL,
#: C1 controls, and the bidirectional controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e"
                      "\u2066-\u2069]")


def isolate(text: Any) -> Any:
    """``text`` between FSI and PDI when it could reorder the line around it.

    Text without bidirectional controls or right-to-left letters is returned
    as it is (ids, numbers, Italian names), so nothing else changes.

    Examples
    --------
    >>> isolate("Ada Rossi")
    'Ada Rossi'
    >>> isolate("Bar \\u202eamoR") == "\\u2068Bar \\u202eamoR\\u2069"
    True
    >>> isolate(3)
    3
    """
    if type(text) is not str or _BIDI.search(text) is None:
        return text
    return FSI + text + PDI


def printable(text: str) -> str:
    """``text`` for a terminal: each control character written as ``\\xNN`` or
    ``\\uNNNN``, so a name cannot clear the screen, move the cursor or
    reverse the line.

    Examples
    --------
    >>> printable("Site\\x1b[2J")
    'Site\\\\x1b[2J'
    >>> printable("Bar \\u202eRoma\\tok")
    'Bar \\\\u202eRoma\\tok'
    """
    if _CONTROL.search(text) is None:
        return text

    def shown(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(shown, text)
