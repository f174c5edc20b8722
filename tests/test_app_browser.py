"""``reterete app`` in Debian's Chromium, driven by Playwright, on the bundled
Cremona files: the whole path a coordinator takes.

The app runs under uvicorn in a thread on a free port of 127.0.0.1; every
request the browser makes to anything else is blocked and recorded (none may
happen), and no console error, page error or dialog may appear. Expected
figures come from the command line on the same workspace (``reterete ...
--db --json``). Screenshots of every page go to tests/_artifacts/app-*.png.
Outside CI these tests skip when Chromium is missing; in CI they fail.
"""

from __future__ import annotations

import json
import threading
from importlib import resources
from pathlib import Path

import pytest
from browser_helpers import HOSTILE, chromium
from typer.testing import CliRunner

from reterete.cli import app as cli

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "_artifacts"
TOKEN = "browser-test-token-42"
LOGS = ("contatti.csv", "diari_educatori.csv", "cabina_regia_equipe.csv")
BAD_LOG = ("Data;Attore 1;Attore 2;Luogo\n"
           "02/09/2024;Bar Portici;Oratorio S. Agata;Piazza Roma\n"
           "30/02/2024;Bar Portici;Liceo Manin;Piazza Roma\n"
           "03/09/2024;;Liceo Manin;Piazza Roma\n"
           "09/15/2024;Bar Portici;Liceo Manin;Piazza Roma\n")
#: A later log that spells an actor differently (a likely duplicate).
TYPO_LOG = ("Data;Attore 1;Attore 2;Luogo\n"
            "05/10/2024;Oratorio S.Agata;Bar Portici;Piazza Roma\n")


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture()
def server(tmp_path):
    """The app under uvicorn in a thread, on a free port; stopped afterwards."""
    import uvicorn

    from reterete.app.server import Settings, create_app, free_socket

    sock = free_socket("127.0.0.1", 0)
    settings = Settings(db=tmp_path / "cremona.db", token=TOKEN,
                        port=sock.getsockname()[1])
    app = create_app(settings)
    srv = uvicorn.Server(uvicorn.Config(app, access_log=False, log_level="warning",
                                        lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        threading.Event().wait(0.05)
    assert srv.started
    yield settings
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture()
def files(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    base = resources.files("reterete.examples").joinpath("data/cremona")
    for name in (*LOGS, "registro_attori.csv"):
        (folder / name).write_bytes(base.joinpath(name).read_bytes())
    (folder / "settembre_errori.csv").write_text(BAD_LOG, encoding="utf-8")
    (folder / "ottobre.csv").write_text(TYPO_LOG, encoding="utf-8")
    rows = "".join(f'2024-11-0{i + 1},"{h.replace(chr(34), chr(34) * 2)}",Bar Portici,'
                   f'Piazza Roma\n' for i, h in enumerate(HOSTILE))
    (folder / "hostile.csv").write_text("date,source,target,site\n" + rows, encoding="utf-8")
    return folder


class Session:
    """One browser tab on the app, recording what must not happen."""

    def __init__(self, browser, settings):
        self.base = f"http://127.0.0.1:{settings.port}"
        self.context = browser.new_context(viewport={"width": 1280, "height": 860},
                                           accept_downloads=True, locale="en-GB")
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(r):
            if r.request.url.startswith(self.base + "/"):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text()

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"app-{name}.png"), full_page=True)

    def clean(self) -> None:
        assert self.outside == [], f"requests left the machine: {self.outside}"
        assert self.errors == [], f"errors in the page: {self.errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"


def cli_json(*args: str) -> dict:
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code in (0, 2), result.output
    return json.loads(result.stdout)


def test_the_whole_path_on_the_cremona_files(browser, server, files):
    s = Session(browser, server)
    db = str(server.db)
    s.go(f"/?token={TOKEN}")
    assert s.page.url == s.base + "/"  # the token left the address
    s.shot("empty")

    # 1. the field files and the registry: checked, then imported, with counts
    expected = cli_json("check", *(str(files / n) for n in LOGS), "--actors",
                        str(files / "registro_attori.csv"))
    s.go("/import")
    s.page.set_input_files("input[name=files]", [str(files / n) for n in LOGS])
    s.page.set_input_files("input[name=actors]", str(files / "registro_attori.csv"))
    s.page.click("#import-button")
    result = s.text("#import-result")
    assert f"{expected['interactions']} new contacts" in result
    assert "51 actors added" in result
    s.shot("import")
    summary = cli_json("summary", "--db", db)
    assert summary["interactions"] == expected["interactions"]

    # 2. a file with bad rows: each row's problem listed, nothing imported
    bad = cli_json("check", str(files / "settembre_errori.csv"))
    s.page.set_input_files("input[name=files]", str(files / "settembre_errori.csv"))
    s.page.click("#import-button")
    assert "Nothing was imported" in s.text("#import-refused")
    shown = s.page.locator("#problems tbody tr")
    assert shown.count() == len(bad["errors"]) >= 3
    rows = {int(t) for t in s.page.locator("#problems tbody tr td:nth-child(2)").all_inner_texts()
            if t.strip()}
    assert rows == {e["row"] for e in bad["errors"] if e["row"] is not None}
    s.page.click("#problems thead th:nth-child(2) button")  # sortable by row
    s.shot("import-problems")
    assert cli_json("summary", "--db", db) == summary

    # 3. a reported duplicate merged: the actor count drops by one
    s.go("/import")
    s.page.set_input_files("input[name=files]", str(files / "ottobre.csv"))
    s.page.click("#import-button")
    before = cli_json("summary", "--db", db)["actors"]
    row = s.page.locator("#duplicate-table tbody tr", has_text="Oratorio S.Agata")
    assert row.count() == 1
    s.shot("duplicates")
    row.locator("button.same").click()
    s.page.wait_for_url("**/import?done=alias*")
    after = cli_json("summary", "--db", db)["actors"]
    assert after == before - 1
    s.go("/")
    assert s.text("#figures dd[data-key=actors]") == str(after)
    s.shot("home")

    # 4. the network of a site: drawn, its counts those of `summary`
    site = "Piazza Roma"
    want = cli_json("summary", "--db", db, "--site", site)
    s.go("/network?site=Piazza+Roma")
    frame = s.page.frame_locator("#network-frame")
    frame.locator("body").wait_for()
    inner = next(f for f in s.page.frames if "/network/page" in f.url)
    inner.wait_for_function("typeof network !== 'undefined' && nodes.length > 0")
    assert inner.evaluate("[nodes.length, edges.length]") == [want["actors"], want["ties"]]
    assert f"{want['actors']} actors, {want['ties']} ties" in s.text("#network-counts")
    s.page.wait_for_timeout(800)
    s.shot("network")

    # 5. antennas of a site: those of `reterete antennas`
    plan = cli_json("antennas", "--db", db, "--site", site, "-k", "3", "--hops", "1")
    s.go("/sites")
    s.page.select_option("select[name=site]", label=site)
    s.page.fill("input[name=k]", "3")
    s.page.click("#sites-button")
    got = s.page.locator("#antennas tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.actor)")
    assert got == [a["actor"] for a in plan["antennas"]]
    engage = cli_json("recommend", "--db", db, "--site", site, "-n", "5")
    assert s.page.locator("#recommend tbody tr").count() == len(engage["recommendations"])
    s.shot("sites")
    with s.page.expect_download() as dl:
        s.page.click("text=Download (Excel)")
    assert dl.value.suggested_filename == "antennas.xlsx"

    # 6. a comparison: that of `reterete compare` with the same seed
    want = cli_json("compare", "--db", db, "--start", "2024-09:2024-09", "--end",
                    "2024-12:2024-12", "--boot", "200", "--seed", "7")
    s.go("/compare")
    s.page.fill("input[name=start]", "2024-09:2024-09")
    s.page.fill("input[name=end]", "2024-12:2024-12")
    s.page.fill("input[name=boot]", "200")
    s.page.fill("input[name=seed]", "7")
    s.page.click("#compare-button")
    values = dict(s.page.locator("#comparison tbody tr").evaluate_all(
        "rows => rows.map(r => [r.dataset.metric, r.dataset.values])"))
    for m in want["metrics"]:
        shown = [float(v) for v in values[m["name"]].split()]
        wanted = [m[k] if m[k] is not None else float("nan")
                  for k in ("start", "end", "delta", "ci_low", "ci_high", "p_value")]
        assert shown == pytest.approx(wanted, nan_ok=True), m["name"]
    assert "Comparing September 2024 with December 2024" in s.text("#compare-lines")
    s.shot("compare")

    # 7. the report: generated and downloaded
    s.go("/report")
    s.page.click("#report-button")
    s.page.wait_for_selector("#report-made")
    s.shot("report")
    with s.page.expect_download() as dl:
        s.page.click("#report-download")
    text = Path(dl.value.path()).read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Piazza Roma" in text

    s.go("/actors")
    s.shot("actors")
    s.go("/history")
    assert s.page.locator("#history tbody tr td:nth-child(4)").all_inner_texts() == [
        "alias", "import", "import"]  # newest first
    assert s.page.locator("#history tbody tr td:nth-child(3)").all_inner_texts() == [
        "the app"] * 3  # who: the app's single user
    s.shot("history")
    s.clean()


def test_hostile_names_show_as_text_in_italian(browser, server, files):
    s = Session(browser, server)
    s.go(f"/?token={TOKEN}&lang=it")
    s.go("/import")
    assert s.page.get_attribute("html", "lang") == "it"
    s.page.set_input_files("input[name=files]", str(files / "hostile.csv"))
    s.page.click("#import-button")
    assert "Importato" in s.text("#import-result")
    for path in ("/actors", "/", "/network", "/sites?site=Piazza+Roma&k=2", "/history"):
        s.go(path)
        assert s.page.evaluate("document.querySelectorAll('main img, main svg').length") == 0
        assert s.page.evaluate("window.__pwned === undefined")
    s.go("/actors")
    body = s.page.locator("#actors").inner_text()
    for name in HOSTILE:
        assert name in body
    s.shot("actors-hostile-it")
    s.clean()
