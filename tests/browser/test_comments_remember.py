"""'Save my name, email and website': only with Functional consent, only on the device."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.test_comments import article_urls, fill_form

pytestmark = pytest.mark.browser

KEY = "newsdesk:commenter"


def test_the_commenter_is_remembered_only_while_functional_consent_is_granted(page, live_site):
    urls = article_urls(page, live_site)
    page.goto(urls[3])
    remember = page.locator("#comment-remember")
    expect(remember).to_be_hidden()  # no choice yet: nothing may be offered or stored

    page.locator("#consent-banner [data-consent-action=accept]").click()
    expect(remember).to_be_visible()
    expect(remember).to_be_enabled()

    respond = page.locator("#respond")
    fill_form(respond, "Remember me, please.", "Ingrid Hale", "ingrid@example.org",
              "https://ingrid.example.org")
    remember.check()
    time.sleep(3.5)  # the form's time trap refuses instant posts
    respond.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(re.compile(r"\?c="))
    saved = page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}'))")
    assert saved == {"name": "Ingrid Hale", "email": "ingrid@example.org",
                     "website": "https://ingrid.example.org"}

    page.goto(urls[4])
    expect(page.locator("#comment-name")).to_have_value("Ingrid Hale")
    expect(page.locator("#comment-email")).to_have_value("ingrid@example.org")

    # Withdrawing Functional consent deletes the stored values and the offer.
    page.locator("[data-consent-open]").first.click()
    page.locator("#consent-centre [data-consent-action=reject]").click()
    expect(remember).to_be_hidden()
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
