"""Languages: the catalogs are complete, messages translate when shown, numbers
and dates read as each language writes them."""

from __future__ import annotations

import copy
import pickle

import pytest

from reterete import _catalog
from reterete.i18n import (
    M_,
    _,
    format_date,
    format_decimal,
    format_list,
    format_p_value,
    format_percent,
    language,
    month_name,
    resolve_language,
    translations,
)


def test_every_message_in_the_code_has_an_italian_translation():
    # Babel's own extraction over reterete/ (python and Jinja2 templates, the
    # keywords of i18n.KEYWORDS), compared with the Italian .po file
    found = _catalog.extract()
    assert len(found) > 20 and "row {row}" in found
    todo = _catalog.missing("it")
    assert not todo, "messages without an Italian translation (python -m reterete._catalog " \
                     "prints them as .po entries):\n" + "\n".join(
                         f"{k!r} at {w[0]}" for k, w in list(todo.items())[:40])


def test_the_catalog_check_fails_on_a_missing_message(tmp_path, monkeypatch):
    # the test above can fail: a message the catalog does not know is reported
    pkg = tmp_path / "reterete"
    pkg.mkdir()
    (pkg / "new.py").write_text('from reterete.i18n import _, M_\n'
                                'x = _("row {row}")\ny = M_("a sentence nobody translated")\n')
    (tmp_path / "babel.cfg").write_text("[python: reterete/**.py]\n")
    todo = _catalog.missing("it", root=tmp_path)
    assert list(todo) == ["a sentence nobody translated"]


def test_italian_entries_are_usable():
    catalog = _catalog.read_catalog("it")
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"empty translation for {message.id!r}"
        wanted = _catalog.placeholders(ids[-1])
        for string in strings:
            # the singular form may leave {n} out ("un'altra riga"); nothing new may appear
            assert _catalog.placeholders(string) <= wanted | _catalog.placeholders(ids[0]), \
                (message.id, string)
        if len(strings) == 1:
            assert _catalog.placeholders(strings[0]) == wanted, (message.id, strings[0])


def test_messages_translate_when_shown_not_when_made():
    m = M_("column {column}", column="'Data'")
    assert m == "column 'Data'"                 # the English text, as a plain string
    with language("it"):
        assert str(m) == "colonna 'Data'" and f"{m}" == "colonna 'Data'"
        assert "{}".format(m) == "colonna 'Data'"  # noqa: UP032
    assert str(m) == "column 'Data'"
    again = pickle.loads(pickle.dumps(m))
    assert (again.msgid, again.params) == (m.msgid, m.params)
    assert copy.deepcopy(m) == m


def test_language_resolution_order(monkeypatch):
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("RETERETE_LANG", raising=False)
    assert resolve_language(None) == "it"             # the system locale
    monkeypatch.setenv("RETERETE_LANG", "en")
    assert resolve_language(None) == "en"             # RETERETE_LANG beats the locale
    assert resolve_language("it") == "it"             # --lang beats both
    monkeypatch.delenv("RETERETE_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setattr("locale.getlocale", lambda *a: (None, None))
    assert resolve_language(None) == "en"             # else English


@pytest.mark.parametrize(("lang", "expected"), [
    ("it", ("0,146", "1.234,5", "< 0,001", "0,042", "77%", "15 settembre 2024", "settembre",
            "3, 5 e 9")),
    ("en", ("0.146", "1,234.5", "< 0.001", "0.042", "77%", "15 September 2024", "September",
            "3, 5 and 9")),
])
def test_numbers_and_dates_as_the_language_writes_them(lang, expected):
    # expected values written by hand from Italian and British usage
    with language(lang):
        got = (format_decimal(0.14623), format_decimal(1234.5), format_p_value(0.0002),
               format_p_value(0.0421), format_percent(0.77).replace("\xa0", ""),
               format_date("2024-09-15"), month_name(9), format_list(["3", "5", "9"]))
    assert got == expected


def test_english_is_the_code_itself():
    assert translations("en").gettext("row {row}") == "row {row}"
    with language("it"):
        assert _("row {row}") == "riga {row}"


def test_no_message_is_translated_twice():
    # two sections adding the same msgid make the catalog ambiguous (msgfmt refuses it)
    import re
    from collections import Counter

    text = (_catalog.LOCALE_DIR / "it" / "LC_MESSAGES" / "reterete.po").read_text("utf-8")
    keys = re.findall(r'^(?:msgctxt (".*")\n)?msgid (".*")\n', text, re.M)
    twice = [k for k, n in Counter(keys).items() if n > 1 and k[1] != '""']
    assert not twice, f"entries defined twice in the .po: {twice[:10]}"


def test_the_italian_catalog_has_no_unused_entries():
    # every entry is used by the code, a template or a help text (issue 21, item 6)
    stale = _catalog.unused("it")
    assert not stale, "entries no code uses any more (remove them from the .po):\n" + \
        "\n".join(f"{c!r} {m!r}" for c, m in stale[:40])


def test_the_unused_check_can_fail():
    from babel.messages.catalog import Catalog

    catalog = _catalog.read_catalog("it")
    extra = Catalog(locale="it")
    for message in list(catalog)[1:4]:
        extra.add(message.id, message.string, context=message.context)
    extra.add("a sentence no code says", "una frase che nessun codice dice")
    assert _catalog.unused("it", catalog=extra) == [(None, "a sentence no code says")]


def test_the_glossary_keeps_the_project_glossary():
    # the repository's glossary (beside the catalog) extends the shared one: every
    # row of the project's glossary is in it, and the words of issue 21 are added
    from pathlib import Path

    root = Path(_catalog.ROOT)
    ours = (root / "reterete" / "locale" / "it" / "glossario.md").read_text(encoding="utf-8")
    assert "| hour, day, week, month, quarter (`--freq`) | ora, giorno, settimana, mese, " \
           "trimestre |" in ours
    # the shared glossary lives beside the repository, which a clean clone (CI)
    # does not have: a copy is kept in tests/shared, and where the original is
    # at hand the copy must equal it (update the copy when the project's changes)
    copy = root / "tests" / "shared" / "glossario-it.md"
    shared = root.parent / "shared" / "context" / "glossario-it.md"
    if shared.exists():
        assert copy.read_text(encoding="utf-8") == shared.read_text(encoding="utf-8"), (
            f"{copy} is older than {shared}: copy it again")
    rows = [line for line in copy.read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and "---" not in line]
    missing = [row for row in rows if row not in ours]
    assert not missing, missing
