"""Make docs/img/app.png: ``reterete app`` on the bundled Cremona example, in
Debian's Chromium (headless), Italian pages, the network of Piazza Roma.

    .venv/bin/python scripts/app_screenshot.py [OUT.png]
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(out: Path) -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from reterete.app.server import Settings, create_app, free_socket
    from reterete.store import Workspace

    folder = Path(tempfile.mkdtemp())
    base = resources.files("reterete.examples").joinpath("data/cremona")
    names = ["contatti.csv", "diari_educatori.csv", "cabina_regia_equipe.csv",
             "registro_attori.csv"]
    for n in names:
        (folder / n).write_bytes(base.joinpath(n).read_bytes())
    Workspace(folder / "cremona.db").import_files([folder / n for n in names[:3]],
                                                  actors=folder / names[3])
    sock = free_socket("127.0.0.1", 0)
    settings = Settings(db=folder / "cremona.db", port=sock.getsockname()[1], lang="it")
    server = uvicorn.Server(uvicorn.Config(create_app(settings), access_log=False,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{settings.port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}/?token={settings.token}")
            page.goto(f"{url}/network?site=Piazza+Roma")
            frame = next(f for f in page.frames if "/network/page" in f.url)
            frame.wait_for_function("typeof network !== 'undefined' && nodes.length > 0")
            page.wait_for_timeout(2500)
            page.screenshot(path=str(out))
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "app.png")
