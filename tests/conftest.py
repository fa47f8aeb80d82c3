"""Fixtures shared by the end-to-end tests (tests/browser) and the quality gates (tests/quality).

One real site and one Chromium for the whole run, whichever of those folders
it covers. Playwright never downloads a browser here: it launches
/usr/bin/chromium (override with NEWSDESK_CHROMIUM) with background
networking disabled, since the test machines have no network beyond loopback.
"""

import os

import pytest
from playwright.sync_api import sync_playwright

from tests.live_site import LiveSite

CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    # A reader's browser: headless Chromium's own "HeadlessChrome" is rightly counted
    # as a bot by the audience app, which would refuse its likes and views.
    "--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36",
]


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    site = LiveSite(data_dir=tmp_path_factory.mktemp("live-site"))
    site.prepare()
    site.start()
    yield site
    site.stop()
    site.drop_database()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run ./scripts/install-system-deps (Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
