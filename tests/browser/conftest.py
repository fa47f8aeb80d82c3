"""Fixtures for end-to-end tests in Debian's Chromium, driven by Playwright.

`live_site` (a real `newsdesk serve` with the demo newsroom) and `browser`
(Debian's Chromium) are in tests/conftest.py, shared with tests/quality.
"""

import pytest

from tests.live_site import ADMIN_PASSWORD, ADMIN_USERNAME


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
