"""Screenshots of sections of the evaluation report, for the documentation, in
Debian's Chromium (headless), on the bundled Cremona example, in Italian and
English: docs/img/report-<section>-<lang>.png (default: the communities
section), and the network page coloured by community,
docs/img/page-communities-<lang>.png (palette PNGs).

    .venv/bin/python scripts/report_screenshot.py [SECTION ...]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))


def shoot(sections: list[str], out: Path = ROOT / "docs" / "img") -> list[Path]:
    from browser_helpers import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    from reterete.examples import cremona
    from reterete.ingest import read_contacts
    from reterete.viz.page import to_html
    from reterete.viz.report import report_html

    folder = cremona.bundled_dir()
    net = read_contacts([folder / cremona.FILES[k] for k in ("meetings", "diaries", "contacts")],
                        actors=folder / cremona.FILES["registry"])
    survey = None
    if "survey" in sections:  # the survey section needs the bundled survey
        from reterete.survey import read_survey

        survey = read_survey([folder / "questionario_partner.csv"],
                             actors=folder / cremona.FILES["registry"])
    made: list[Path] = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for lang in ("it", "en"):
            page_file = Path(tmp) / f"report-{lang}.html"
            report_html(net, page_file, n_boot=200, seed=0, lang=lang, survey=survey)
            context = browser.new_context(viewport={"width": 1100, "height": 900},
                                          device_scale_factor=1)
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith("file:") else route.abort())
            page = context.new_page()
            page.goto(page_file.as_uri())
            for key in sections:
                path = out / f"report-{key}-{lang}.png"
                page.locator(f"section#{key}").screenshot(path=str(path))
                made.append(path)
            network_file = Path(tmp) / f"page-{lang}.html"
            to_html(net, network_file, color="community", lang=lang)
            page.set_viewport_size({"width": 1280, "height": 800})
            page.goto(network_file.as_uri())
            page.wait_for_function("typeof network !== 'undefined'")
            page.wait_for_timeout(4000)   # the layout settles
            path = out / f"page-communities-{lang}.png"
            page.screenshot(path=str(path))
            made.append(path)
            context.close()
        browser.close()
    from app_screenshot import _shrink

    for path in made:
        _shrink(path)
    return made


if __name__ == "__main__":
    for path in shoot(sys.argv[1:] or ["communities"]):
        print(path)
