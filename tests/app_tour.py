"""A tour of every page of ``reterete app`` in a browser, for the layout test
(test_app_layout.py) and the documentation's screenshots
(scripts/app_screenshot.py).

:func:`serving` runs the app under uvicorn in a thread; :func:`tour` walks a
Playwright page through every page and refusal a person can meet, on the
bundled Cremona files, calling ``visit(name)`` on each; :func:`measure` says
what a page does wrong on the screen it is shown on (sideways scrolling,
words broken inside, controls too small to touch, a narrow network).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = ["SIZES", "TOKEN", "LOGS", "serving", "prepare_files", "tour", "measure",
           "MEASURE_JS"]

#: A phone (iPhone 12-15) and a common laptop.
SIZES = {"phone": (390, 844), "laptop": (1366, 768)}
TOKEN = "tour-token-0123456789"
LOGS = ("contatti.csv", "diari_educatori.csv", "cabina_regia_equipe.csv")
BAD_LOG = ("Data;Attore 1;Attore 2;Luogo\n"
           "02/09/2024;Bar Portici;Oratorio S. Agata;Piazza Roma\n"
           "30/02/2024;Bar Portici;Liceo Manin;Piazza Roma\n"
           "03/09/2024;;Liceo Manin;Piazza Roma\n"
           "09/15/2024;Bar Portici;Liceo Manin;Piazza Roma\n")
TYPO_LOG = ("Data;Attore 1;Attore 2;Luogo\n"
            "05/10/2024;Oratorio S.Agata;Bar Portici;Piazza Roma\n")
#: The upload limit of the tour's app, in MB (small, to show the 413 page).
LIMIT_MB = 1.0


@contextlib.contextmanager
def serving(db: Path, **options: Any) -> Iterator[Any]:
    """The app over ``db`` on a free port of 127.0.0.1 while inside."""
    import uvicorn

    from reterete.app.server import Settings, create_app, free_socket

    sock = free_socket("127.0.0.1", 0)
    options.setdefault("token", TOKEN)
    options.setdefault("max_upload_mb", LIMIT_MB)
    settings = Settings(db=db, port=sock.getsockname()[1], **options)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), access_log=False,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        threading.Event().wait(0.05)
    try:
        yield settings
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def prepare_files(folder: Path) -> Path:
    """The Cremona logs and registry, a log with bad rows and one with a likely duplicate."""
    folder.mkdir(parents=True, exist_ok=True)
    base = resources.files("reterete.examples").joinpath("data/cremona")
    for name in (*LOGS, "registro_attori.csv"):
        (folder / name).write_bytes(base.joinpath(name).read_bytes())
    (folder / "settembre_errori.csv").write_text(BAD_LOG, encoding="utf-8")
    (folder / "ottobre.csv").write_text(TYPO_LOG, encoding="utf-8")
    return folder


def _network_ready(page: Any) -> None:
    page.wait_for_selector("#network-frame")
    for _ in range(200):
        inner = next((f for f in page.frames if "/network/page" in f.url), None)
        if inner is not None:
            break
        page.wait_for_timeout(50)
    inner.wait_for_function("typeof network !== 'undefined' && nodes.length > 0")
    page.wait_for_timeout(600)


def tour(page: Any, base: str, files: Path, lang: str, visit: Callable[[str], None],
         *, refused: Any = None, logs_page: bool = True, too_many: bool = True) -> None:
    """Walk ``page`` through every page of the app at ``base`` (a fresh workspace),
    in ``lang``, calling ``visit(name)`` on each. ``refused`` is a page of
    another browser context without the token (for the 403 page)."""
    page.goto(f"{base}/?token={TOKEN}&lang={lang}")
    visit("home-empty")

    page.goto(f"{base}/import")
    page.set_input_files("input[name=files]", [str(files / n) for n in LOGS])
    page.set_input_files("input[name=actors]", str(files / "registro_attori.csv"))
    page.click("#check-button")
    page.wait_for_selector("#check-result")
    visit("import-check")
    kept = page.evaluate("[document.querySelector('input[name=files]').files.length,"
                         " document.querySelector('input[name=actors]').files.length]")
    assert kept == [len(LOGS), 1], f"the form lost the chosen files after 'check only': {kept}"
    page.click("#import-button")
    page.wait_for_selector("#import-result")
    visit("import")

    page.set_input_files("input[name=files]", str(files / "settembre_errori.csv"))
    page.click("#import-button")
    page.wait_for_selector("#import-refused")
    visit("import-problems")

    page.goto(f"{base}/import")
    page.set_input_files("input[name=files]", str(files / "ottobre.csv"))
    page.click("#import-button")
    page.wait_for_selector("#duplicate-table")
    visit("import-duplicates")

    page.goto(f"{base}/")
    visit("home")
    page.goto(f"{base}/actors")
    visit("actors")
    page.goto(f"{base}/actors?q=Piazza")
    page.locator("#actors td.actions a").first.click()
    page.wait_for_selector("form.edit")
    visit("actor-edit")
    page.goto(f"{base}/actors")
    page.locator("#actors tbody tr", has_text="Nicola Ferri").first.locator("a.danger").click()
    page.wait_for_selector("#forget-preview")
    visit("forget")
    page.click("#forget-confirm")
    page.wait_for_selector("#forget-result")
    visit("forgotten")

    page.goto(f"{base}/network?site=Piazza+Roma")
    _network_ready(page)
    visit("network")
    page.goto(f"{base}/sites?site=Piazza+Roma&k=3")
    page.wait_for_selector("#antennas")
    visit("sites")
    page.goto(f"{base}/compare?start=2024-09:2024-09&end=2024-12:2024-12&boot=200")
    page.wait_for_selector("#comparison")
    visit("compare")
    page.goto(f"{base}/report")
    page.click("#report-button")
    page.wait_for_selector("#report-made")
    visit("report")
    page.goto(f"{base}/history")
    visit("history")
    if logs_page:
        page.goto(f"{base}/log")
        page.wait_for_selector("#log-form")
        visit("log")

    # refusals
    page.goto(f"{base}/sites?site=Piazza+Roma&k=tre")
    visit("error-whole-number")
    page.goto(f"{base}/no-such-page")
    visit("error-404")
    page.goto(f"{base}/import")
    page.set_input_files("input[name=files]", [{
        "name": "grande.csv", "mimeType": "text/csv",
        "buffer": b"date,source,target\n" + b"2024-09-01,A,B\n" * int(LIMIT_MB * 2**20 / 12)}])
    page.click("#import-button")
    page.wait_for_load_state()
    visit("error-413")
    if too_many:
        page.goto(f"{base}/import")
        page.set_input_files("input[name=files]", [{
            "name": f"f{i:03d}.csv", "mimeType": "text/csv", "buffer": b"date,source,target\n"}
            for i in range(201)])
        page.click("#import-button")
        page.wait_for_load_state()
        visit("error-too-many-files")
    if refused is not None:
        refused.goto(f"{base}/")
        visit("error-403")


#: What a page does wrong on this screen: the page's width against the
#: window's, the words whose letters sit on two lines, controls under 44 px
#: (phones only), and the network's canvas width against the page's.
MEASURE_JS = r"""
(phone) => {
  const out = {scrollWidth: document.documentElement.scrollWidth, screen: window.screen.width,
               innerWidth: window.innerWidth, broken: [], small: [], canvas: null};
  const word = /[\p{L}\p{N}]{2,}/gu;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el || el.closest("script, style, noscript, option, select")) continue;
    for (const m of node.data.matchAll(word)) {
      const r = document.createRange();
      r.setStart(node, m.index);
      r.setEnd(node, m.index + m[0].length);
      const tops = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0)
                             .map(x => Math.round(x.bottom)));
      if (tops.size > 1) out.broken.push(m[0] + " in <" + el.tagName.toLowerCase() + ">");
    }
  }
  if (phone) {
    const targets = "button, a.button, nav a, .lang a, td.actions a, select, " +
                    "input:not([type=hidden]):not([type=checkbox]):not([type=radio])";
    for (const el of document.querySelectorAll(targets)) {
      const b = el.getBoundingClientRect();
      if (b.width === 0 && b.height === 0) continue;
      if (b.height < 43.5) out.small.push((el.id || el.name || el.textContent.trim()).slice(0, 40)
                                          + " " + Math.round(b.height) + "px");
    }
  }
  out.pageWidth = document.documentElement.clientWidth;
  return out;
}
"""


def measure(page: Any, phone: bool) -> dict[str, Any]:
    """The layout's faults on ``page`` (see :data:`MEASURE_JS`), with the
    network's canvas width over the page's width when the page draws one."""
    out = page.evaluate(MEASURE_JS, phone)
    inner = next((f for f in page.frames if "/network/page" in f.url), None)
    if inner is not None and page.query_selector("#network-frame"):
        width = inner.evaluate("(() => { const c = document.querySelector('#rr-network canvas');"
                               " return c ? c.getBoundingClientRect().width : 0; })()")
        out["canvas"] = width / out["pageWidth"]
        out["frameBroken"] = inner.evaluate(MEASURE_JS, False)["broken"]
    return out
