"""consent.js on its own, in a page served by the test (no server): Google Consent Mode."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parents[2] / "newsdesk" / "consent" / "static" / "consent"
ORIGIN = "http://consent.test"


def serve(page, consent_mode):
    """A minimal page with the consent markup consent.js needs and a given configuration."""
    config = {
        "cookie": "newsdesk_consent", "days": 365, "revision": 1, "regime": "opt-in",
        "regimeUrl": "/api/consent/regime/", "recordUrl": "/api/consent/records/",
        "language": "en", "consentMode": consent_mode,
        "optional": ["functional", "analytics", "performance", "advertisement"],
        "declarations": {},
    }
    html = f"""<!doctype html><html><body><main>News</main>
<section data-consent-banner hidden><button data-consent-action="accept">Accept all</button>
</section>
<dialog data-consent-centre><p data-consent-gpc hidden></p></dialog>
<script id="consent-config" type="application/json">{json.dumps(config)}</script>
<script src="/consent.js"></script></body></html>"""
    page.route(f"{ORIGIN}/", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.route(f"{ORIGIN}/consent.js", lambda route: route.fulfill(
        body=(STATIC / "consent.js").read_text(), content_type="text/javascript"))
    page.route(f"{ORIGIN}/api/**", lambda route: route.fulfill(status=201, body="{}"))
    page.goto(f"{ORIGIN}/")


def consent_calls(page):
    return page.evaluate("""(window.dataLayer || []).map(a => Array.from(a))
                            .filter(a => a[0] === 'consent')""")


def test_consent_mode_starts_denied_and_is_updated_after_the_choice(page):
    serve(page, consent_mode=True)
    expect(page.locator("[data-consent-banner]")).to_be_visible()
    calls = consent_calls(page)
    assert calls[0][1] == "default" and calls[0][2]["wait_for_update"] == 500
    assert {calls[0][2][key] for key in ("ad_storage", "analytics_storage",
                                         "ad_user_data", "ad_personalization")} == {"denied"}
    assert calls[0][2]["security_storage"] == "granted"

    page.get_by_role("button", name="Accept all").click()

    last = consent_calls(page)[-1]
    assert last[1] == "update"
    assert last[2]["analytics_storage"] == "granted" and last[2]["ad_storage"] == "granted"
    assert last[2]["functionality_storage"] == "granted"


def test_without_the_setting_google_gets_no_calls(page):
    serve(page, consent_mode=False)
    expect(page.locator("[data-consent-banner]")).to_be_visible()
    page.get_by_role("button", name="Accept all").click()
    expect(page.locator("html")).to_have_attribute("data-consent", re.compile("analytics"))
    assert page.evaluate("window.dataLayer") is None
