"""Languages: every word a person reads, in Italian and English.

Messages are ordinary gettext messages, written in English in the code and
translated in ``reterete/locale/<lang>/LC_MESSAGES/reterete.po`` (managed with
Babel: ``pybabel extract`` / ``update`` / ``compile``, see ``babel.cfg``).
Compiled ``.mo`` files are used when present and up to date; otherwise the
``.po`` catalog is compiled in memory with Babel on first use, so an editable
install or a fresh checkout speaks Italian too.

The language is chosen, in order, by an explicit argument (``--lang it``),
``RETERETE_LANG``, the system locale, else English. It is held in a context
variable, so a web request or a thread can speak its own language.

Usage::

    from reterete.i18n import _, ngettext, format_number
    _("{file}, row {row}").format(file=..., row=...)

Never build a message by concatenating translated pieces: translate the whole
sentence with named placeholders, so the translator can reorder them.
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext as _gettext
import locale
import os
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "LANGUAGES", "DOMAIN", "LOCALE_DIR", "_", "gettext", "ngettext", "pgettext", "N_",
    "get_language", "set_language", "resolve_language", "language", "translations",
    "format_number", "format_decimal", "format_percent", "format_date", "format_datetime",
    "format_p_value", "Message", "M_", "MN_", "PluralMessage", "Period", "KEYWORDS",
    "month_name",
    "format_list", "articled", "format_period", "format_range", "format_figure",
    "FIGURE_DIGITS", "RANGE_SEP", "the_count", "FIGURE_KINDS", "figure_kind", "format_value",
    "Figure", "at_place",
]

LANGUAGES = ("en", "it")
DOMAIN = "reterete"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "reterete_language", default=None)
_cache: dict[str, _gettext.NullTranslations] = {}


def resolve_language(lang: str | None = None) -> str:
    """The language to use: ``lang``, else ``RETERETE_LANG``, else the locale, else English.

    Unknown or unsupported values fall back to English; regional forms
    (``it_IT.UTF-8``, ``it-CH``) count as their language.
    """
    for candidate in (lang, os.environ.get("RETERETE_LANG"), _system_language()):
        code = _normalise(candidate)
        if code:
            return code
    return "en"


def set_language(lang: str | None) -> str:
    """Set the language for this context (thread, task); returns the code used."""
    code = resolve_language(lang)
    _current.set(code)
    return code


def get_language() -> str:
    """The language in force: the one set, else as :func:`resolve_language` finds it."""
    code = _current.get()
    return code if code is not None else resolve_language(None)


@contextlib.contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Speak ``lang`` inside a ``with`` block, then return to the previous language.

    ``lang=None`` keeps the language in force (set by ``--lang``, else found as
    :func:`resolve_language` finds it).
    """
    token = _current.set(resolve_language(lang) if lang else get_language())
    try:
        yield _current.get() or "en"
    finally:
        _current.reset(token)


def translations(lang: str | None = None) -> _gettext.NullTranslations:
    """The gettext translations object for ``lang`` (default: the language in force)."""
    code = _normalise(lang) or get_language()
    if code not in _cache:
        _cache[code] = _load(code)
    return _cache[code]


def gettext(message: str) -> str:
    """``message`` in the language in force."""
    return translations().gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """Singular or plural form of a message for count ``n``."""
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on a context (``"kind"``, ``"figure"`` ...)."""
    return translations().pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (module-level tables)."""
    return message


class Message(str):
    """A message translated when it is shown, not when it is made.

    A ``Message`` is the English text (so comparisons, ``in`` and
    ``startswith`` work as on any string, and logs stay stable), and turns
    into the language in force whenever it is formatted: ``str(m)``,
    ``f"{m}"`` and ``"{}".format(m)`` translate it. Problems found while
    reading a file keep their reason as a ``Message``, so the same error reads
    in Italian or English depending on where and when it is displayed.

    Parameters are filled in after translation; a parameter that is itself a
    ``Message`` is translated too.

    >>> m = M_("{n} actors", n=3)
    >>> m == "3 actors", str(m)
    (True, '3 actors')
    """

    __slots__ = ("msgid", "params")
    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, /, **params: Any) -> Message:
        self = super().__new__(cls, _fill(msgid, params))
        self.msgid = msgid
        self.params = params
        return self

    def __str__(self) -> str:
        return _fill(gettext(self.msgid), params=self.params, translate=True)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.msgid, self.params))

    def __deepcopy__(self, memo: dict) -> Message:
        return self

    def __copy__(self) -> Message:
        return self


def M_(msgid: str, /, **params: Any) -> Message:
    """A :class:`Message` (marked for extraction): translated when displayed."""
    return Message(msgid, **params)


def _rebuild(msgid: str, params: dict[str, Any]) -> Message:
    return Message(msgid, **params)


class PluralMessage(Message):
    """A :class:`Message` with a singular and a plural form, chosen by ``n``
    (through :func:`ngettext`) in the language in force when shown."""

    __slots__ = ("plural", "n")
    plural: str
    n: int

    def __new__(cls, singular: str, plural: str, n: int, /, **params: Any) -> PluralMessage:
        params.setdefault("n", n)
        self = str.__new__(cls, _fill(singular if n == 1 else plural, params))
        self.msgid, self.plural, self.n, self.params = singular, plural, n, params
        return self

    def __str__(self) -> str:
        return _fill(ngettext(self.msgid, self.plural, self.n), params=self.params,
                     translate=True)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_plural, (self.msgid, self.plural, self.n, self.params))


def MN_(singular: str, plural: str, n: int, /, **params: Any) -> PluralMessage:
    """A :class:`PluralMessage` (marked for extraction): ``{n}`` is filled with ``n``.

    >>> m = MN_("{n} row", "{n} rows", 1)
    >>> m == "1 row", str(MN_("{n} row", "{n} rows", 3))
    (True, '3 rows')
    """
    return PluralMessage(singular, plural, n, **params)


def _rebuild_plural(singular: str, plural: str, n: int, params: dict[str, Any]
                    ) -> PluralMessage:
    return PluralMessage(singular, plural, n, **params)


class Period:
    """A period written in words when shown, in the language in force then
    (:func:`format_period`): a :class:`Message` parameter that says
    ``febbraio 2024`` in Italian and ``February 2024`` in English.
    """

    __slots__ = ("start", "end")

    def __init__(self, start: Any, end: Any = None) -> None:
        self.start, self.end = start, end

    def __str__(self) -> str:
        return format_period(self.start, self.end)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Period({self.start!r}, {self.end!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Period, (self.start, self.end))


def _fill(text: str, params: dict[str, Any], translate: bool = False) -> str:
    if not params:
        return text
    values = {k: (str(v) if translate and isinstance(v, Message) else
                  str.__str__(v) if isinstance(v, Message) else v) for k, v in params.items()}
    return text.format(**values)


#: the gettext keywords of reterete's code, for Babel's extraction
#: (``pybabel extract -F babel.cfg -k M_ ...`` and the catalog test)
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "N_": None, "M_": None, "MN_": (1, 2)}


# --- numbers and dates ---------------------------------------------------------------


def format_decimal(value: float | int | None, digits: int = 3, *,
                   min_digits: int = 0) -> str:
    """A number as the language writes it: ``0,146`` in Italian, ``0.146`` in English.

    At most ``digits`` decimals, trailing zeros dropped down to ``min_digits``
    (a chart's axis writes ``0.10, 0.12`` with ``min_digits=2``); NaN and
    None read as ``-``.
    """
    if value is None or (isinstance(value, float) and value != value):
        return "-"
    from babel.numbers import format_decimal as _fd

    least = min(max(0, min_digits), digits)
    pattern = ("#,##0." + "0" * least + "#" * (digits - least)) if digits > 0 else "#,##0"
    return _fd(value, format=pattern, locale=_babel_locale())


format_number = format_decimal


def format_percent(share: float | None, digits: int = 0) -> str:
    """A share (0.77) as a percentage: ``77 %`` in Italian, ``77%`` in English."""
    if share is None or (isinstance(share, float) and share != share):
        return "-"
    from babel.numbers import format_percent as _fp

    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return _fp(share, format=pattern, locale=_babel_locale())


def format_p_value(p: float | None) -> str:
    """A p-value: ``< 0,001`` / ``< 0.001`` below one in a thousand, else three decimals."""
    if p is None or (isinstance(p, float) and p != p):
        return "-"
    if p < 0.001:
        return "< " + format_decimal(0.001, 3)
    return format_decimal(round(p, 3), 3)


def format_date(value: date | datetime | str | None, form: str = "long") -> str:
    """A date as the language writes it: ``15 settembre 2024`` / ``15 September 2024``.

    ``form`` is a Babel form: ``short``, ``medium``, ``long`` or ``full``.
    """
    if value is None:
        return "-"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    from babel.dates import format_date as _fd

    return _fd(value, format=form, locale=_babel_locale())


def format_list(items: list[str], style: str = "standard") -> str:
    """``a, b and c`` / ``a, b e c``: a list joined as the language joins it."""
    from babel.lists import format_list as _fl

    return _fl(list(items), style=style, locale=_babel_locale())


def month_name(month: int, form: str = "wide") -> str:
    """The name of month 1-12 in the language in force (``settembre``, ``September``)."""
    from babel.dates import get_month_names

    return get_month_names(form, locale=_babel_locale())[int(month)]


def format_datetime(value: datetime | str | None, form: str = "medium") -> str:
    """A date and time as the language writes it."""
    if value is None:
        return "-"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    from babel.dates import format_datetime as _fdt

    return _fdt(value, format=form, locale=_babel_locale())


# --- helpers -------------------------------------------------------------------------


def _babel_locale() -> str:
    return {"it": "it_IT", "en": "en_GB"}.get(get_language(), "en_GB")


def _normalise(value: Any) -> str | None:
    if not value or not isinstance(value, str):
        return None
    code = value.strip().replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def _system_language() -> str | None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return value.split(":")[0]
    try:
        return locale.getlocale(locale.LC_MESSAGES)[0]
    except (AttributeError, ValueError):
        return None


def _load(code: str) -> _gettext.NullTranslations:
    if code == "en":
        return _gettext.NullTranslations()
    base = LOCALE_DIR / code / "LC_MESSAGES"
    po, mo = base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    if po.exists():
        return _compile_in_memory(po)
    return _gettext.NullTranslations()


def _compile_in_memory(po: Path) -> _gettext.NullTranslations:
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return _gettext.GNUTranslations(buf)


# --- words for periods, articles and figures -------------------------------------------

#: Italian articles joined with a preposition, before a consonant and before a vowel
_IT_ARTICLES = {"": ("il ", "l'"), "a": ("al ", "all'"), "da": ("dal ", "dall'"),
                "di": ("del ", "dell'"), "in": ("nel ", "nell'"), "su": ("sul ", "sull'")}


def _reads_with_vowel(text: str) -> bool:
    """Whether an Italian number written as ``text`` is read starting with a vowel
    (``uno``, ``otto``, ``undici``, ``ottanta``, ``ottocento``, ``undicimila``)."""
    words = text.split()
    # the number that is read first: "1 dicembre 2024" is read "uno", "12.345" "dodicimila"
    digits = "".join(ch for ch in (words[0] if words else "").split(",")[0] if ch.isdigit())
    if not digits:
        return False
    if digits == "1" and len(words) > 1 and words[1][:1].isalpha():
        return False  # the first day of a month is read "primo": "dal 1 settembre"
    return (digits.startswith("8") or digits in ("1", "11")
            or (len(digits) == 5 and digits.startswith("11")))


def articled(text: str, prep: str = "") -> str:
    """A figure with the article Italian puts before it; unchanged in English.

    Italian says ``il 45%``, ``l'82%``, ``all'80%``, ``dall'8 settembre``: the
    article (joined with the preposition ``prep``: ``a``, ``da``, ``di``,
    ``in``, ``su``) depends on how the number is read aloud. Messages then
    carry the article inside the placeholder, so the English sentence needs
    none.

    >>> with language("it"):
    ...     articled("82%"), articled("45%", "a"), articled("8 settembre 2024", "da")
    ("l'82%", 'al 45%', "dall'8 settembre 2024")
    >>> with language("it"):
    ...     articled("11 dicembre 2024", "di"), articled("1 dicembre 2024", "di")
    ("dell'11 dicembre 2024", 'del 1 dicembre 2024')
    >>> with language("en"):
    ...     articled("82%")
    '82%'
    """
    if get_language() != "it":
        return text
    before_consonant, before_vowel = _IT_ARTICLES[prep]
    return (before_vowel if _reads_with_vowel(text) else before_consonant) + text


#: How Italian says "at" before a place named by a common noun: "in piazza
#: Roma", "nel parco", "nella stazione", "nell'area verde", "nello stadio",
#: "nei giardini"; a proper name takes "a" ("a Cremona", "a San Felice").
_IT_PLACE_NOUNS = {
    **dict.fromkeys(("piazza", "via", "viale", "corso", "largo", "vicolo", "piazzale",
                     "località", "contrada", "lungo", "lungargine", "lungopo"), "in "),
    **dict.fromkeys(("parco", "quartiere", "centro", "giardino", "mercato", "parcheggio",
                     "cortile", "campo", "rione", "porto", "bar", "bosco", "cimitero",
                     "comune", "condominio", "complesso", "villaggio", "circolo"), "nel "),
    **dict.fromkeys(("stadio", "spazio", "skatepark", "sottopasso"), "nello "),
    **dict.fromkeys(("stazione", "scuola", "zona", "biblioteca", "casa", "sede", "palestra",
                     "piazzetta", "galleria", "frazione", "chiesa", "parrocchia", "struttura",
                     "comunità", "periferia", "pista", "spiaggia", "villa"), "nella "),
    **dict.fromkeys(("area", "oratorio", "ospedale", "ex", "istituto", "isola", "ostello",
                     "ufficio", "argine", "ambulatorio"), "nell'"),
    **dict.fromkeys(("giardini", "portici", "pressi", "quartieri", "bastioni"), "nei "),
    **dict.fromkeys(("case", "scuole", "piscine", "mura"), "nelle "),
}


def at_place(name: str) -> str:
    """``at`` a place, as the language says it: ``at Piazza Roma`` in English;
    in Italian the preposition (and article) the first word of the name takes:
    ``in Piazza Roma``, ``nel Parco Tognazzi``, ``nella Stazione``,
    ``nell'Area verde via Orti Romani``, ``a Cremona``. Messages carry it in
    the placeholder ``{at_site}``.

    >>> with language("it"):
    ...     at_place("Piazza Roma"), at_place("Area verde via Orti Romani"), at_place("Cremona")
    ('in Piazza Roma', "nell'Area verde via Orti Romani", 'a Cremona')
    >>> with language("en"):
    ...     at_place("Piazza Roma")
    'at Piazza Roma'
    """
    name = str(name)
    first = name.split()[0].lower() if name.split() else ""
    if get_language() == "it" and first in _IT_PLACE_NOUNS:
        return _IT_PLACE_NOUNS[first] + name
    # a proper name: "at Cremona" / "a Cremona"
    return pgettext("place", "at {place}").format(place=name)


_IT_PLURAL_ARTICLES = {"": ("i ", "gli "), "di": ("dei ", "degli "), "a": ("ai ", "agli "),
                       "da": ("dai ", "dagli "), "in": ("nei ", "negli "),
                       "su": ("sui ", "sugli "), "tra": ("tra i ", "tra gli ")}


def the_count(n: int, prep: str = "") -> str:
    """A count with the plural article before it: ``the 45`` in English;
    ``i 45``, ``gli 8``, ``dei 22``, ``degli 11``, ``tra gli 80`` in Italian
    (the preposition ``prep`` joined as Italian joins it: ``di``, ``a``,
    ``da``, ``in``, ``su``, ``tra``). For messages such as ``among {the_n}
    actors`` / ``{the_n} attori`` (with ``prep="tra"``).

    >>> with language("it"):
    ...     the_count(45, "tra"), the_count(8, "di"), the_count(11)
    ('tra i 45', 'degli 8', 'gli 11')
    >>> with language("en"):
    ...     the_count(45, "tra")
    'the 45'
    """
    text = format_decimal(n, 0)
    if get_language() != "it":
        return "the " + text
    consonant, vowel = _IT_PLURAL_ARTICLES[prep]
    return (vowel if _reads_with_vowel(text) else consonant) + text


def _bound_words(text: str) -> tuple[str, str]:
    """(grain, words) of one bound written ``2024``, ``2024-Q3``, ``2024-W37``,
    ``2024-09``, ``2024-09-15`` or ``2024-09-15T08[:30]``."""
    import re

    from babel.dates import format_skeleton

    text = str(text).strip()
    loc = _babel_locale()
    if re.fullmatch(r"\d{4}", text):
        return "year", text
    m = re.fullmatch(r"(\d{4})-?Q([1-4])", text, flags=re.I)
    if m:
        return "quarter", gettext("{quarter} quarter of {year}").format(
            quarter=_ordinal(int(m[2])), year=m[1])
    m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text, flags=re.I)
    if m:
        return "week", gettext("Week {week}, {year}").format(week=int(m[2]), year=m[1])
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if m and 1 <= int(m[2]) <= 12:
        return "month", format_skeleton("yMMMM", date(int(m[1]), int(m[2]), 1), locale=loc)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        if len(text) == 13 and text[10] in "T ":  # 2024-09-15T08
            try:
                when = datetime.fromisoformat(text + ":00")
            except ValueError:
                return "other", text
        else:
            return "other", text
    if len(text) <= 10:
        return "day", format_date(when, "long")
    return "time", gettext("{date} at {time}").format(
        date=format_date(when, "long"),
        time=format_skeleton("Hm", when, locale=loc))


def _ordinal(n: int) -> str:
    return {1: gettext("first"), 2: gettext("second"), 3: gettext("third"),
            4: gettext("fourth")}[n]


def format_period(start: Any, end: Any = None) -> str:
    """A period in words, for a sentence: ``settembre 2024``, ``da settembre 2024 a
    dicembre 2024``, ``dal 1 settembre 2024 al 31 dicembre 2024``.

    ``start`` and ``end`` are the bounds as the command line takes them
    (``2024``, ``2024-Q3``, ``2024-W37``, ``2024-09``, ``2024-09-15``,
    ``2024-09-15T08``) or dates; a single bound, or two equal ones, is one
    period. Anything else is returned as written. JSON keeps the machine
    labels; this is for sentences and titles only.

    >>> with language("it"):
    ...     format_period("2024-09"), format_period("2024-09-01", "2024-12-31")
    ('settembre 2024', 'dal 1 settembre 2024 al 31 dicembre 2024')
    >>> with language("en"):
    ...     format_period("2024-09", "2024-12"), format_period("2024-Q3")
    ('from September 2024 to December 2024', 'third quarter of 2024')
    """
    if isinstance(start, (date, datetime)):
        start = start.isoformat()
    if isinstance(end, (date, datetime)):
        end = end.isoformat()
    grain_a, words_a = _bound_words(start)
    if end is None or str(end).strip() == str(start).strip():
        return words_a
    grain_b, words_b = _bound_words(end)
    if grain_a in ("day", "time") or grain_b in ("day", "time"):
        return _from_to_days(words_a, words_b)
    return gettext("from {start} to {end}").format(start=words_a, end=words_b)


def _from_to_days(a: str, b: str) -> str:
    # Italian joins the article to the day: "dal 1 settembre" (primo), "dall'8
    # settembre", "dall'11 settembre"
    return gettext("from {start_day} to {end_day}").format(
        start_day=articled(a, "da"), end_day=articled(b, "a"))


#: The one range separator of tables and labels (sentences say "tra X e Y")
RANGE_SEP = " \u2013 "


def format_range(low: str, high: str, *, short: bool = False) -> str:
    """Two values as an interval: in a sentence ``tra 42 e 146`` / ``between 42
    and 146``; in a table cell or label (``short=True``) ``42 – 146``, with the
    one range separator :data:`RANGE_SEP` used everywhere.
    """
    if short:
        return f"{low}{RANGE_SEP}{high}"
    return gettext("between {low} and {high}").format(low=low, high=high)


#: How each kind of figure is written (the precision rule, also in docs/DESIGN.md):
#: counts as whole numbers; shares as whole percentages (one decimal below 10%);
#: means (ties per actor, hours) with 2 decimals; measures between -1 and 1
#: (density, centralisation, clustering, E-I index, centrality scores) with 3
#: decimals; p values with 3 decimals, "< 0,001" below.
FIGURE_DIGITS = {"count": 0, "mean": 2, "measure": 3}


def format_figure(value: float | int | None, kind: str = "measure", *,
                  signed: bool = False) -> str:
    """A figure written by the precision rule of its ``kind``.

    ``kind`` is ``count``, ``share`` (a proportion shown as a percentage),
    ``mean`` or ``measure``; ``signed=True`` writes ``+`` before a positive
    value (a change). A change of a share is written in percentage points.

    >>> with language("it"):
    ...     format_figure(0.0909), format_figure(5.5652, "mean"), format_figure(1, "share")
    ('0,091', '5,57', '100%')
    """
    if value is None or (isinstance(value, float) and value != value):
        return "-"
    value = float(value)
    if kind == "share":
        digits = 1 if 0 < abs(value) < 0.1 else 0
        if signed and round(value * 100, digits) == 0:
            return "0"
        if signed:
            body = format_decimal(abs(value) * 100, digits)
            text = ngettext("{n} percentage point", "{n} percentage points",
                            2 if round(abs(value) * 100, digits) != 1 else 1).format(n=body)
            return ("+" if value > 0 else "-" if value < 0 else "") + text
        return format_percent(value, digits)
    digits = FIGURE_DIGITS.get(kind, 3)
    if kind == "count" or (kind != "count" and float(value).is_integer() and abs(value) >= 1):
        digits = 0 if float(value).is_integer() else digits
    text = format_decimal(abs(value) if signed else value, digits)
    if signed and round(value, digits) != 0:
        text = ("+" if value > 0 else "-") + text
    return text


#: The kind of figure (:func:`format_figure`'s precision rule) of every figure
#: and numeric column reterete shows: summary, timeline, comparison and
#: centrality, on the terminal, in the app and in the report (a key not listed
#: is a ``measure``).
FIGURE_KINDS: dict[str, str] = {
    **dict.fromkeys(("actors", "ties", "interactions", "cross_sector_ties", "components",
                     "isolates", "diameter", "path_sources", "reach2", "n_start", "n_end",
                     "n_common", "gain", "covered", "named_ties"), "count"),
    **dict.fromkeys(("largest_component_share", "reciprocity", "coverage"), "share"),
    # means: ties per actor, contacts per possible tie, steps per path, and
    # strength (a sum of tie weights: whole for counted contacts)
    **dict.fromkeys(("mean_degree", "valued_density", "average_path_length", "strength",
                     "reach_efficiency", "cost_hours", "trust_mean", "value_mean"), "mean"),
    **dict.fromkeys(("density", "degree_centralization", "ei_index", "average_clustering",
                     "transitivity", "assortativity", "degree", "betweenness", "closeness",
                     "harmonic", "eigenvector", "pagerank", "score", "named_density"),
                    "measure"),
}


def figure_kind(key: str) -> str:
    """The kind of figure ``key`` is (:data:`FIGURE_KINDS`; ``measure`` when unknown)."""
    return FIGURE_KINDS.get(str(key), "measure")


def format_value(value: Any, key: str, *, signed: bool = False) -> str:
    """Any value of figure or column ``key`` as a person reads it: a number by
    the precision rule of its kind (:func:`format_figure`), ``yes``/``no`` for
    a flag, ``-`` for none, text as it is.

    The one helper behind every table of figures (terminal, app, report).

    >>> with language("it"):
    ...     tuple(format_value(v, k) for k, v in {"actors": 44, "mean_degree": 4.5909,
    ...           "largest_component_share": 1.0, "density": 0.10677, "path_exact": True}.items())
    ('44', '4,59', '100%', '0,107', 'sì')
    """
    import numbers

    pd = sys.modules.get("pandas")
    if value is None or (pd is not None and (value is pd.NA or value is pd.NaT)):
        return "-"
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return gettext("yes") if value else gettext("no")
    if isinstance(value, numbers.Real):
        return format_figure(float(value), figure_kind(key), signed=signed)
    return str(value)


class Figure:
    """A value that knows which figure it is: shown (``str()``) by
    :func:`format_value` in the language in force when it is shown, while
    the number itself stays for sorting and shading.

    >>> with language("en"):
    ...     str(Figure(0.25, "reciprocity"))
    '25%'
    """

    __slots__ = ("value", "key", "signed")

    def __init__(self, value: Any, key: str, *, signed: bool = False) -> None:
        self.value, self.key, self.signed = value, str(key), signed

    def __str__(self) -> str:
        return format_value(self.value, self.key, signed=self.signed)

    def __repr__(self) -> str:
        return f"Figure({self.value!r}, {self.key!r})"
