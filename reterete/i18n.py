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
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "LANGUAGES", "DOMAIN", "LOCALE_DIR", "_", "gettext", "ngettext", "pgettext", "N_",
    "get_language", "set_language", "resolve_language", "language", "translations",
    "format_number", "format_decimal", "format_percent", "format_date", "format_datetime",
    "format_p_value", "Message", "M_", "KEYWORDS", "month_name",
    "format_list",
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


def _fill(text: str, params: dict[str, Any], translate: bool = False) -> str:
    if not params:
        return text
    values = {k: (str(v) if translate and isinstance(v, Message) else
                  str.__str__(v) if isinstance(v, Message) else v) for k, v in params.items()}
    return text.format(**values)


#: the gettext keywords of reterete's code, for Babel's extraction
#: (``pybabel extract -F babel.cfg -k M_ ...`` and the catalog test)
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "N_": None, "M_": None}


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
