"""Finding a person's name in free text, and the spellings erasure cannot be sure of.

Erasure (:mod:`reterete.store.erasure`) removes a person by id, and also
wherever their name is *written* in text: event names ("Compleanno di Paolo
Rizzi"), notes, sites, extra columns, registry attributes of other actors,
file names and paths (``diario_paolo_rizzi.csv``).

Two levels of matching:

* **The same name** (:class:`Redactor`): the name's words, matched like actor
  names (NFKC, case folding) with any run of spaces, punctuation or ``_``
  between them, as whole words. Such text is rewritten with :data:`ERASED` in
  place of the name; when the exact place cannot be found in the original
  spelling, the whole text is replaced.
* **Likely other spellings** (:func:`skeleton`, :func:`variants`): the same
  name once accents, invisible characters (zero-width spaces, direction
  marks) and look-alike letters of other alphabets (Cyrillic ``а``, Greek
  ``ο``) are set aside, the same words in another order, or a spelling at
  most a letter or two away. These may be another person: erasure lists them
  and asks, it never erases them on its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..identity import normalize_name

__all__ = ["ERASED", "Redactor", "HashedRedactor", "Variant", "fold", "skeleton", "variants",
           "text_variants"]

#: What stands where an erased name was written.
ERASED = "[…]"

_SEP = re.compile(r"[\W_]+", flags=re.UNICODE)
_DIGITS = re.compile(r"\d+")
# letters of other alphabets that look like Latin ones (Unicode TR 39 confusables, the
# common lower-case subset after case folding)
_CONFUSABLES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ɡ": "g",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ı": "i", "ℓ": "l",
})


def fold(text: object) -> str:
    """The name rule (:func:`~reterete.identity.normalize_name`) with every run
    of spaces, punctuation and ``_`` as one space: the form names are matched in.

    >>> fold("diario_Paolo-RIZZI.csv")
    'diario paolo rizzi csv'
    """
    return _SEP.sub(" ", normalize_name(text)).strip()


def skeleton(text: object) -> str:
    """:func:`fold` after dropping accents and invisible characters and
    mapping look-alike letters to Latin: two spellings a reader cannot tell
    apart have the same skeleton.

    >>> skeleton("Pаolo\\u200bRìzzi") == skeleton("paolorizzi")   # Cyrillic а, zero-width space
    True
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text
                   if unicodedata.category(ch) not in ("Mn", "Me", "Cf"))
    text = unicodedata.normalize("NFKC", text).casefold().translate(_CONFUSABLES)
    return _SEP.sub(" ", text).strip()


class Redactor:
    """Finds and blanks out the names of one person in text.

    Parameters
    ----------
    forms : iterable of str
        The person's names (as written, ids, aliases). Blank forms are ignored.

    Examples
    --------
    >>> r = Redactor(["Paolo Rizzi"])
    >>> r("Compleanno di PAOLO  Rizzi"), r("diario_paolo_rizzi.csv"), r("Paolo Rizzini")
    ('Compleanno di […]', 'diario_[…].csv', 'Paolo Rizzini')
    """

    def __init__(self, forms: Iterable[object]):
        words = {tuple(fold(f).split()) for f in forms}
        self.forms = sorted((w for w in words if w), key=lambda w: (-len(w), w))
        self._patterns = [
            re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(x) for x in w)
                       + r"(?![^\W_])", flags=re.IGNORECASE | re.UNICODE)
            for w in self.forms]

    def __bool__(self) -> bool:
        return bool(self.forms)

    def hits(self, text: object) -> bool:
        """Whether ``text`` names the person (as whole words)."""
        if text is None or not self.forms:
            return False
        folded = f" {fold(text)} "
        return any(f" {' '.join(w)} " in folded for w in self.forms)

    def __call__(self, text: str) -> str:
        """``text`` with the person's names replaced by :data:`ERASED`."""
        if not self.hits(text):
            return text
        out = str(text)
        for _round in range(2):  # as written, then in its NFKC form
            for pattern in self._patterns:
                out = pattern.sub(ERASED, out)
            if not self.hits(out):
                return out
            out = unicodedata.normalize("NFKC", out)
        return ERASED


@dataclass(frozen=True)
class Variant:
    """A spelling that may be the same person: ``spelling`` as written, where
    it was found (``where``: ``actor`` or a field such as ``event``), and
    ``reason`` (``look-alike letters``, ``invisible characters``,
    ``accents``, ``word order``, ``similar spelling``)."""

    spelling: str
    where: str
    reason: str

    def shown(self) -> str:
        """The spelling with invisible characters made visible (``\\u200b``)."""
        return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cf", "Cc", "Zl",
                                                                            "Zp") else ch
                       for ch in self.spelling)


def variants(forms: Iterable[object], names: Iterable[str], *, where: str = "actor",
             threshold: float = 90.0) -> list[Variant]:
    """Names among ``names`` that are likely other spellings of ``forms``
    (but not the same name under the identity rule)."""
    from rapidfuzz import fuzz

    forms = list(forms)
    targets = [(fold(f), skeleton(f)) for f in forms]
    targets = [(f, s) for f, s in targets if s]
    own = {normalize_name(f) for f in forms}
    out: dict[str, Variant] = {}
    for name in names:
        if name is None or name in out:
            continue
        folded, skel = fold(name), skeleton(name)
        if not skel or normalize_name(name) in own:
            continue
        for f, s in targets:
            reason = _reason(name, folded, skel, f, s, fuzz, threshold)
            if reason:
                out[name] = Variant(str(name), where, reason)
                break
    return sorted(out.values(), key=lambda v: (v.where, fold(v.spelling), v.spelling))


def text_variants(forms: Iterable[object], texts: Iterable[tuple[str, str]]) -> list[Variant]:
    """Spellings of ``forms`` found in free text (``(field, text)`` pairs)
    under :func:`skeleton` but not as the same name: a name written with a
    look-alike letter or an invisible character inside an event or a note."""
    forms = list(forms)
    targets: dict[str, str | None] = {}
    for f in forms:
        words = skeleton(f).split()
        if words:
            targets.setdefault("".join(words), None)
            if len(words) > 1:
                targets.setdefault("".join(reversed(words)), "word order")
    redactor = Redactor(forms)
    out: dict[tuple[str, str], Variant] = {}
    for field, text in texts:
        if text is None:
            continue
        for target, reason in targets.items():
            spelling = _find_spelling(str(text), target)
            if spelling is None or redactor.hits(spelling):
                continue
            key = (field, spelling)
            if key not in out:
                out[key] = Variant(spelling, field, reason or _reason_chars(spelling))
    return sorted(out.values(), key=lambda v: (v.where, v.spelling))


# ---------------------------------------------------------------------------
def _reason(name: str, folded: str, skel: str, f: str, s: str, fuzz, threshold: float
            ) -> str | None:
    if skel.replace(" ", "") == s.replace(" ", ""):
        return _reason_chars(name)
    if sorted(skel.split()) == sorted(s.split()):
        return "word order"
    if (len(s) >= 6 and _DIGITS.findall(skel) == _DIGITS.findall(s)
            and fuzz.ratio(skel, s) >= threshold):  # "Residente 00126" is not "... 00162"
        return "similar spelling"
    return None


def _reason_chars(spelling: str) -> str:
    cats = {unicodedata.category(ch) for ch in spelling}
    if "Cf" in cats:
        return "invisible characters"
    if any(ord(ch.casefold()[0]) in _CONFUSABLES for ch in spelling):
        return "look-alike letters"
    if any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFKD", spelling)):
        return "accents"
    return "spacing or punctuation"


def _find_spelling(text: str, target: str) -> str | None:
    """The stretch of ``text`` whose skeleton, without spaces, is ``target``
    and begins and ends on word boundaries; None when there is none."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in skeleton(ch).replace(" ", ""):
            chars.append(c)
            where.append(i)
    flat = "".join(chars)
    start = flat.find(target)
    while start >= 0:
        first, last = where[start], where[start + len(target) - 1]
        before = text[first - 1] if first else " "
        after = text[last + 1] if last + 1 < len(text) else " "
        if not _wordish(before) and not _wordish(after):
            return text[first:last + 1]
        start = flat.find(target, start + 1)
    return None


def _wordish(ch: str) -> bool:
    return bool(skeleton(ch).replace(" ", ""))


class HashedRedactor:
    """Blanks out names erased earlier, known only by their salted hashes.

    An import after an erasure cannot search text for a name it no longer
    knows. Each erased name left the salted hash of each of its words
    (``word:paolo``) and of the whole name as :func:`fold` writes it; a text
    is split into words, each distinct word is hashed once (words repeat
    across rows), and only runs of ``lengths`` words that are all such words
    are hashed whole and compared. Runs that match are blanked out.

    Examples
    --------
    >>> import hashlib, hmac
    >>> h = lambda t: hmac.new(b"salt", t.encode(), hashlib.sha256).hexdigest()
    >>> hashes = {h("paolo rizzi"), h("word:paolo"), h("word:rizzi")}
    >>> HashedRedactor("salt", hashes, [2])("diario_Paolo_Rizzi.csv")
    'diario_[…].csv'
    """

    def __init__(self, salt: str, hashes: set[str], lengths: Iterable[int]):
        self._salt = salt.encode("ascii")
        self._hashes = hashes
        self._lengths = sorted({int(n) for n in lengths if int(n) > 0})
        self._cache: dict[str, str] = {}
        self._words: dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self._hashes and self._lengths)

    def __call__(self, text: str) -> str:
        if text is None or not self:
            return text
        text = str(text)
        if text not in self._cache:
            self._cache[text] = self._redact(text)
        return self._cache[text]

    def _hash(self, text: str) -> str:
        import hashlib
        import hmac

        return hmac.new(self._salt, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def _suspect(self, word: str) -> bool:
        known = self._words.get(word)
        if known is None:
            known = self._words[word] = self._hash("word:" + word) in self._hashes
        return known

    def _redact(self, text: str) -> str:
        words = fold(text).split()
        suspect = [self._suspect(w) for w in words]
        if not any(suspect):
            return text
        found = set()
        for n in self._lengths:
            for i in range(len(words) - n + 1):
                if all(suspect[i:i + n]):
                    run = " ".join(words[i:i + n])
                    if self._hash(run) in self._hashes:
                        found.add(run)
        return Redactor(found)(text) if found else text
