"""Issue 21, second acceptance test: over every screen, page and report, in
Italian, no plural disagreement at 1 ("1 legami", "tra i 1 attori") and no
ISO date or month inside a sentence ("Confronto tra 2024-09 e 2024-12");
in English no "1 ties". The outputs are collected by ``tests/lang_outputs.py``.
"""

from __future__ import annotations

import pytest
from lang_outputs import collect, iso_in_sentences, plural_at_one, visible_text

pytest.importorskip("starlette")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    return {lang: collect(lang, tmp_path_factory.mktemp(lang)) for lang in ("it", "en")}


def test_every_output_was_collected(outputs):
    for lang, texts in outputs.items():
        empty = [name for name, text in texts.items() if len(text.strip()) < 20]
        assert not empty, (lang, empty)
        assert len(texts) >= 30


@pytest.mark.parametrize("lang", ["it", "en"])
def test_no_plural_disagreement_at_one(outputs, lang):
    bad = {name: hits for name, text in outputs[lang].items()
           if (hits := plural_at_one(text, lang))}
    assert not bad, bad


@pytest.mark.parametrize("lang", ["it", "en"])
def test_no_iso_date_inside_a_sentence(outputs, lang):
    bad = {name: hits for name, text in outputs[lang].items()
           if (hits := iso_in_sentences(text))}
    assert not bad, bad


def test_the_scanners_can_fail():
    # the sentences issue 21 found, as they were
    assert plural_at_one("Legami: 1 legami tra i 1 attori, 1 contatti nuovi", "it") != []
    assert len(plural_at_one("1 luoghi ... 1 operatori; 21 legami; 1 legame", "it")) == 2
    assert plural_at_one("2 antennas reach 1 actors", "en") != []
    assert plural_at_one("11 actors, 21 ties, 1 tie, 0.1 days", "en") == []
    assert iso_in_sentences("Confronto tra 2024-09 e 2024-12.") != []
    assert iso_in_sentences("il giorno 31 non esiste in 2024-02") != []
    assert iso_in_sentences("Contatti dal 2024-09-01 al 2024-12-31") != []
    assert iso_in_sentences("Attività nella settimana 2024-W35 per luogo") != []
    # a period alone in a table cell, and how to write a date, are allowed
    assert iso_in_sentences("│ 2024-09 │ 45 │ 90 │ 0,091 │") == []
    assert iso_in_sentences("scrivi AAAA-MM-GG (per esempio 2024-09-15)") == []
    assert visible_text("<p>Confronto tra <b>2024-09</b> e 2024-12.</p><script>"
                        "var d = '2024-09-01';</script>").strip() == \
        "Confronto tra 2024-09 e 2024-12."


def test_the_history_says_when_in_the_project_zone_in_words(tmp_path, monkeypatch):
    # Issue 21: the app's history showed UTC times as ISO text; now in the
    # project's zone (its logs' zone, else this computer's), written in words.
    import re
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from lang_outputs import ISO, _app_pages

    monkeypatch.setenv("TZ", "Europe/Rome")
    from reterete.store import Workspace

    db = tmp_path / "p.db"
    (tmp_path / "errori.csv").write_text("x", encoding="utf-8")
    log = tmp_path / "c.csv"
    log.write_text("date,source,target\n2024-09-02,Ada,Bea\n", encoding="utf-8")
    Workspace(db).import_files([log])
    at = Workspace(db).log()["at"].iloc[-1]
    local = datetime.fromisoformat(at).replace(tzinfo=timezone.utc).astimezone(
        ZoneInfo("Europe/Rome"))
    page = _app_pages("it", tmp_path, db)["app history"]
    assert "Quando (Europe/Rome)" in page
    assert not ISO.search(page), page
    assert re.search(rf"\b{local:%H:%M}\b", page), (local, page)
