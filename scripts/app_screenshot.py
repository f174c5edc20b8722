"""Screenshots of ``reterete app`` for the documentation, in Debian's Chromium
(headless), on the bundled Cremona example: every page and refusal of the tour
in tests/app_tour.py, Italian pages, on a phone (390x844) and a laptop
(1366x768), into docs/img/app/<size>-<page>.png; the worker's phone page
/log also in English (<size>-log-en.png); and docs/img/app.png (the network
of Piazza Roma at 1280x900, shown in the README).

    .venv/bin/python scripts/app_screenshot.py [OUT_FOLDER]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def shoot(out: Path, lang: str = "it", only: set[str] | None = None,
          suffix: str = "") -> list[Path]:
    """Shoot the tour's pages (``only`` those named, if given) in ``lang``,
    each into ``out/<size>-<page><suffix>.png``."""
    from app_tour import SIZES, prepare_files, serving, tour
    from browser_helpers import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with sync_playwright() as p:
        # (date and time fields are drawn by the browser in its own language:
        # headless Chromium here draws them in US English whatever the page's
        # language, --lang and LANG included; a phone set to Italian does not)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size, (width, height) in SIZES.items():
            folder = Path(tempfile.mkdtemp(prefix="reterete-shots-"))
            files = prepare_files(folder / "data")
            options = {"viewport": {"width": width, "height": height},
                       "locale": "it-IT" if lang == "it" else "en-GB", "device_scale_factor": 1}
            if size == "phone":
                options.update(is_mobile=True, has_touch=True)
            context, stranger = browser.new_context(**options), browser.new_context(**options)
            page, refused = context.new_page(), stranger.new_page()

            def visit(name: str, size: str = size, page=page, refused=refused) -> None:
                if only is not None and name not in only:
                    return
                target = refused if name == "error-403" else page
                target.wait_for_load_state("load")
                path = out / f"{size}-{name}{suffix}.png"
                target.screenshot(path=str(path), full_page=True)
                _shrink(path)
                made.append(path)

            with serving(folder / "cremona.db") as settings:
                base = f"http://127.0.0.1:{settings.port}"
                tour(page, base, files, lang, visit, refused=refused, logs_page=_has_log())
                if size == "laptop" and only is None:
                    page.set_viewport_size({"width": 1280, "height": 900})
                    page.goto(f"{base}/network?site=Piazza+Roma")
                    frame = next(f for f in page.frames if "/network/page" in f.url)
                    frame.wait_for_function("typeof network !== 'undefined' && nodes.length > 0")
                    page.wait_for_timeout(2500)
                    page.screenshot(path=str(out.parent / "app.png"))
            context.close()
            stranger.close()
        browser.close()
    return made


def _shrink(path: Path) -> None:
    """The screenshot with an adaptive 256-colour palette (the pages are flat
    colours and text: about a third of the bytes, no visible change)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _has_log() -> bool:
    from importlib.util import find_spec

    return find_spec("reterete.app.fieldpage") is not None


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "app"
    made = shoot(target)
    if _has_log():
        made += shoot(target, "en", only={"log"}, suffix="-en")
    for path in made:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
