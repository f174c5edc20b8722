"""Sample networks for the page and report tests (test_viz.py, test_browser.py),
and Debian's Chromium for the browser tests (test_browser.py, test_app_browser.py)."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator

import pandas as pd

from reterete.network import Network

__all__ = ["HOSTILE", "KEY", "small_network", "hostile_network", "chromium"]

CHROMIUM = "/usr/bin/chromium"
#: Without the background-networking flags Chromium tries to reach Google's
#: hosts at start, which this closed network refuses.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

HOSTILE = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>",
           "\"'><svg onload=alert(1)>", "</script>"]
KEY = b"test key"


def small_network() -> Network:
    """Four organisations and two persons at three sites, Sept-Nov 2024.

    The tie Polizia Locale - Caritas is active in September and November but
    not in October (worked by hand for the month test)."""
    inter = pd.DataFrame({
        "date": ["2024-09-02", "2024-11-10", "2024-10-01", "2024-10-05", "2024-11-03",
                 "2024-09-20"],
        "source": ["Polizia Locale", "Caritas", "Caritas", "Bar Roma", "Mario Rossi",
                   "Anna Bianchi"],
        "target": ["Caritas", "Polizia Locale", "Oratorio", "Mario Rossi", "Polizia Locale",
                   "Oratorio"],
        "site": ["Piazza Roma", "Piazza Roma", "Piazza Marconi", "Piazza Marconi",
                 "Via Orti Romani", "Piazza Marconi"],
        "note": ["Mario Rossi said something private"] * 6,
    })
    actors = pd.DataFrame({
        "name": ["Polizia Locale", "Caritas", "Bar Roma", "Mario Rossi", "Oratorio",
                 "Anna Bianchi"],
        "kind": ["police", "association", "business", "resident", "educational_agency",
                 "key_informant"],
        "sector": ["security", "welfare", "commerce", None, "education", None],
        "sites": [(), ("Piazza Roma",), (), (), (), ()],
    })
    return Network.from_interactions(inter, actors)


def hostile_network() -> Network:
    inter = pd.DataFrame({
        "date": ["2024-09-02", "2024-09-10", "2024-10-01", "2024-10-05"],
        "source": [HOSTILE[0], HOSTILE[1], "Caritas", HOSTILE[3]],
        "target": ["Caritas", HOSTILE[2], HOSTILE[0], HOSTILE[1]],
        "site": ["<b>Piazza</b>", "Piazza Roma", "<b>Piazza</b>", "Piazza Roma"],
    })
    actors = pd.DataFrame({"name": ["Caritas", HOSTILE[0]], "kind": ["<i>kind</i>", "resident"],
                           "sector": ["</script><script>alert(2)</script>", "x"]})
    return Network.from_interactions(inter, actors)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A Playwright browser on Debian's Chromium; missing Chromium fails in CI, skips elsewhere."""
    import pytest

    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing: the browser tests must run in CI "
                        "(scripts/test.sh installs Debian's 'chromium')")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        try:
            yield b
        finally:
            b.close()
