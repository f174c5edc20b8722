"""The phone page ``/log`` (issue 23 items 4 and 5) in Debian's Chromium at
390x844, on a team workspace (tests/team_helpers.py): a worker logs a meeting
of three actors, one of them new, and the coordinator sees it with the
worker's name and the new actor flagged; without signal, two contacts wait on
the phone (also across a reload) and, back online, each is stored exactly
once and the waiting count returns to 0.
"""

from __future__ import annotations

import pytest
from browser_helpers import chromium
from team_helpers import PASSWORDS, running, team_workspace

from reterete.app.server import Settings
from reterete.store import Workspace

pytestmark = pytest.mark.browser

WORKER = "Marta Operatrice"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 1, "locale": "it-IT"}


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


class Signal:
    """The phone's signal, on the server's side: while off, every ``/api``
    request is answered 503 without reaching the app. Chromium's offline
    emulation alone is not enough for a test: on a reload of a page served by
    the service worker, the new document may run its first requests before
    Playwright applies the emulation to it, so an entry could be sent while
    the test says there is no signal."""

    def __init__(self, app):
        self.app = app
        self.on = True

    async def __call__(self, scope, receive, send):
        if not self.on and scope["type"] == "http" and scope["path"].startswith("/api/"):
            await send({"type": "http.response.start", "status": 503,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": b"{}"})
            return
        await self.app(scope, receive, send)


@pytest.fixture()
def app(tmp_path):
    db = team_workspace(tmp_path)
    signals: list[Signal] = []

    def wrap(inner):
        signals.append(Signal(inner))
        return signals[0]

    with running(Settings(db=db), wrap=wrap) as settings:
        settings.signal = signals[0]
        yield settings


def base_of(settings) -> str:
    return f"http://127.0.0.1:{settings.port}"


def log_in(browser, base: str, name: str):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    page.goto(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    return context, page, errors


def add_actor(page, name: str) -> None:
    page.fill("#actor-input", name)
    page.click("#actor-add")


def log_contact(page, actors: list[str], minutes: str, note: str = "") -> None:
    page.select_option("select[name=site]", label="Piazza Roma")
    for a in actors:
        add_actor(page, a)
    page.select_option("select[name=kind]", index=1)
    page.fill("input[name=minutes]", minutes)
    if note:
        page.fill("textarea[name=note]", note)
    page.click("#log-save")


def stored(settings) -> list[dict]:
    from reterete.store import fieldlog

    return fieldlog.entries(Workspace(settings.db))


def test_a_worker_logs_a_meeting_the_coordinator_sees_it(browser, app):
    base = base_of(app)
    context, page, errors = log_in(browser, base, WORKER)
    page.goto(f"{base}/log")
    page.wait_for_selector("#log-form")
    # the form's fields carry the JSON names of POST /api/contacts
    names = page.evaluate("Array.from(document.querySelectorAll('#log-form [name]'))"
                          ".map(e => e.name)")
    assert {"client_id", "when", "site", "kind", "minutes", "note"} <= set(names)
    assert page.input_value("input[name=when]") != ""  # now, by default
    add_actor(page, "agente stefano marini")  # the registry's spelling is proposed
    assert page.locator("#log-actors li").first.get_attribute("data-name") == \
        "Agente Stefano Marini"
    log_contact(page, ["Educatrice Marta Pini", "Signora Nuova Vicina"], "25",
                note="incontro al bar")
    assert page.locator("#log-actors li.new").count() == 0  # the form was reset
    page.wait_for_function("() => document.getElementById('log-waiting-count').textContent"
                           " === '0' && document.querySelectorAll('#log-today li').length === 1")
    entry = page.locator("#log-today li").first
    assert "Signora Nuova Vicina" in entry.inner_text()
    assert entry.locator(".tag").count() == 1
    page.screenshot(path="tests/_artifacts/log-phone-saved.png", full_page=True)
    rows = stored(app)
    assert len(rows) == 1 and rows[0]["minutes"] == 25
    assert sorted(rows[0]["actors"]) == ["Agente Stefano Marini", "Educatrice Marta Pini",
                                         "Signora Nuova Vicina"]
    assert rows[0]["new_actors"] == ["Signora Nuova Vicina"]
    assert errors == []

    # the coordinator sees it, with the worker's name and the new actor flagged
    context2, coord, errors2 = log_in(browser, base, "Carla Coordina")
    coord.goto(f"{base}/contacts")
    row = coord.locator("#contacts tbody tr").first
    text = row.inner_text()
    assert "marta" in text.casefold() and "Signora Nuova Vicina" in text
    assert row.locator(".tag.new").count() == 1
    coord.screenshot(path="tests/_artifacts/log-phone-coordinator.png", full_page=True)
    assert errors2 == []

    # the worker corrects, then deletes, their own entry of today
    entry.locator("button", has_text="Correggi").click()
    page.fill("input[name=minutes]", "40")
    page.click("#log-save")
    page.wait_for_function("() => document.querySelector('#log-today li') &&"
                           " document.querySelector('#log-today li').textContent.includes('40')")
    assert [r["minutes"] for r in stored(app)] == [40]
    page.locator("#log-today li button", has_text="Elimina").click()
    page.wait_for_function("() => document.querySelectorAll('#log-today li').length === 0")
    assert stored(app) == []
    context.close()
    context2.close()


def test_offline_entries_wait_and_are_sent_once(browser, app):
    base = base_of(app)
    context, page, errors = log_in(browser, base, WORKER)
    page.goto(f"{base}/log")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=15000)
    app.signal.on = False
    context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    log_contact(page, ["Educatrice Marta Pini", "Bar Portici"], "10")
    log_contact(page, ["Liceo Manin", "Agente Stefano Marini", "Comitato Nuovo"], "15")
    count = "document.getElementById('log-waiting-count').textContent"
    assert page.evaluate(count) == "2"
    assert page.locator("#log-waiting li.waiting").count() == 2
    assert stored(app) == []
    # a reload without signal: the page comes from the service worker, the entries stay
    page.reload()
    page.wait_for_selector("#log-form")
    assert page.evaluate(count) == "2"
    page.screenshot(path="tests/_artifacts/log-phone-offline.png", full_page=True)
    assert stored(app) == []
    # back online: each sent, stored once
    context.set_offline(False)
    app.signal.on = True
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function(f"() => {count} === '0'", timeout=15000)
    rows = stored(app)
    assert len(rows) == 2
    assert len({r["client_id"] for r in rows}) == 2
    assert sorted(r["minutes"] for r in rows) == [10, 15]
    # sending again (another 'online', a reload) stores nothing twice
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.reload()
    page.wait_for_selector("#log-form")
    page.wait_for_timeout(500)
    assert len(stored(app)) == 2
    assert errors == []
    context.close()
