"""Fixtures for end-to-end tests in Debian's Chromium, driven by Playwright.

Playwright never downloads a browser here: it launches /usr/bin/chromium
(override with NEWSDESK_CHROMIUM) with background networking disabled, since
the test machines have no network beyond loopback.
"""

import os

import pytest
from playwright.sync_api import sync_playwright

from tests.live_site import ADMIN_PASSWORD, ADMIN_USERNAME, LiveSite

CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
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


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def admin_page(browser, live_site):
    """A page logged in to the back office as the site's administrator."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_site.base_url}/admin/login/")
    page.fill("#id_username", ADMIN_USERNAME)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_site.base_url}/admin/")
    yield page
    context.close()
