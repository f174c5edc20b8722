"""Every page of ``reterete app`` on a phone (390x844) and a laptop (1366x768),
in Italian and in English, in Debian's Chromium (Playwright): the page never
scrolls sideways, no word is broken inside, controls are big enough to touch on
the phone, the network's canvas takes at least 90% of the page's width, and the
import form keeps the chosen files after "check only" (tests/app_tour.py).
Screenshots go to tests/_artifacts/layout-*.png; the documentation's come
from scripts/app_screenshot.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from app_tour import SIZES, measure, prepare_files, serving, tour
from browser_helpers import chromium

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "_artifacts"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


#: Words that must not show on an Italian page (English, internal codes), and
#: on an English one (Italian), besides names from the data.
FOREIGN = {"it": re.compile(r"\b(Nothing was changed|must be a whole number|Access token|"
                            r"Page not found|Too many files|File too large|actors|ties|"
                            r"density|mean degree|p_value\w*|sector|greedy|pairwise|the|and)\b"),
           "en": re.compile(r"\b(Nessun|nulla|deve essere|attori|legami|densità|settore|"
                            r"della|degli|sono|questo)\b")}


def faults(found: dict, phone: bool) -> list[str]:
    """The layout faults in one page's measures (empty: none)."""
    out = []
    if found["scrollWidth"] > found["innerWidth"]:
        out.append(f"page {found['scrollWidth']} px wide in a {found['innerWidth']} px window")
    if found["innerWidth"] > found["screen"]:
        out.append(f"laid out {found['innerWidth']} px wide on a {found['screen']} px screen "
                   "(no viewport)")
    out += [f"word broken: {w}" for w in found["broken"] + found.get("frameBroken", [])]
    out += [f"too small to touch: {s}" for s in found["small"]]
    if found.get("canvas") is not None and found["canvas"] < 0.9:
        out.append(f"network canvas {found['canvas']:.0%} of the page's width")
    return out


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_page_fits_the_screen(browser, tmp_path, lang, size):
    width, height = SIZES[size]
    phone = size == "phone"
    files = prepare_files(tmp_path / "data")
    locale = "it-IT" if lang == "it" else "en-GB"
    options = {"viewport": {"width": width, "height": height}, "locale": locale,
               "device_scale_factor": 1}
    if phone:
        options.update(is_mobile=True, has_touch=True)
    context = browser.new_context(**options)
    stranger = browser.new_context(**options)
    page, refused = context.new_page(), stranger.new_page()
    seen: dict[str, list[str]] = {}
    ARTIFACTS.mkdir(exist_ok=True)

    def visit(name: str) -> None:
        p = refused if name == "error-403" else page
        p.wait_for_load_state("load")
        seen[name] = faults(measure(p, phone), phone)
        text = p.inner_text("body")
        seen[name] += [f"not in the reader's language: {m!r}"
                       for m in sorted(set(FOREIGN[lang].findall(text)))]
        p.screenshot(path=str(ARTIFACTS / f"layout-{lang}-{size}-{name}.png"), full_page=True)

    with serving(tmp_path / "cremona.db") as settings:
        tour(page, f"http://127.0.0.1:{settings.port}", files, lang, visit, refused=refused,
             logs_page=True)
    context.close()
    stranger.close()
    assert len(seen) >= 21 and "log" in seen, sorted(seen)  # the phone page /log too
    bad = {name: found for name, found in seen.items() if found}
    assert not bad, "\n".join(f"{n}: {'; '.join(f)}" for n, f in bad.items())


def test_the_measures_can_fail(browser):
    """The same measures on a page made wrong on purpose find each fault."""
    from app_tour import MEASURE_JS

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_content("<div style='width:900px'>wide</div>"
                     "<p style='width:60px;overflow-wrap:anywhere'>Businessplan commerciale</p>"
                     "<button style='height:20px'>tiny</button>")
    found = page.evaluate(MEASURE_JS, True)
    context.close()
    problems = faults(found, True)

    assert any("px wide in a 390 px window" in p for p in problems)
    assert any("word broken: Businessplan" in p for p in problems)
    assert any("too small to touch: tiny" in p for p in problems)
    assert FOREIGN["it"].findall("Non è stato cambiato nulla. k must be a whole number.")
    assert FOREIGN["en"].findall("Nothing was changed: 3 attori") == ["attori"]
    assert faults({**found, "scrollWidth": 390, "broken": [], "small": [], "canvas": 0.5},
                  True) == ["network canvas 50% of the page's width"]
