"""The preferences centre: granting, withdrawing, GPC, embeds and the keyboard."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests import consent_sites
from tests.consent_sites import ADS_PROBE, ANALYTICS_PROBE, GOOGLE_TAG, YOUTUBE

pytestmark = pytest.mark.browser

GPC_SCRIPT = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    return consent_sites.consent_site(tmp_path_factory)


def cookie_names(context):
    return {cookie["name"] for cookie in context.cookies()}


def consent_cookie(context):
    value = next(c["value"] for c in context.cookies() if c["name"] == "newsdesk_consent")
    return dict(part.split(":", 1) for part in value.split("|"))


def test_granting_analytics_runs_its_script_under_a_widened_policy_and_withdrawing_deletes_it(
    page, site
):
    page.goto(f"{site.base_url}/en/")
    # Before the choice the policy refuses the probe (docs/security.md): no hash, no host.
    assert "'sha256-" not in page_policy(page)
    page.evaluate("window.sameDocument = true")
    page.get_by_role("link", name="Cookie settings").click()
    centre = page.get_by_role("dialog", name="Customize Consent Preferences")
    expect(centre).to_be_visible()
    analytics = centre.get_by_role("switch", name="Analytics")
    expect(analytics).not_to_be_checked()
    analytics.check()
    centre.get_by_role("button", name="Save my preferences").click()

    expect(centre).to_be_hidden()
    expect(page.locator("html")).to_have_attribute("data-analytics-probe", "ran")
    # The page reloaded itself to get the policy that lets the probe run, and kept focus.
    assert page.evaluate("window.sameDocument") is None
    assert "'sha256-" in page_policy(page)
    expect(page.get_by_role("link", name="Cookie settings")).to_be_focused()
    assert ANALYTICS_PROBE in cookie_names(page.context)
    assert consent_cookie(page.context)["granted"] == "analytics"
    assert page.locator("html[data-ads-probe]").count() == 0

    page.get_by_role("link", name="Cookie settings").click()
    expect(analytics).to_be_checked()
    analytics.uncheck()
    centre.get_by_role("button", name="Save my preferences").click()

    expect(page.locator("html")).to_have_attribute("data-consent", "none")
    assert ANALYTICS_PROBE not in cookie_names(page.context)
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-consent", "none")
    assert page.locator("html[data-analytics-probe]").count() == 0
    assert ANALYTICS_PROBE not in cookie_names(page.context)
    assert consent_cookie(page.context)["granted"] == ""


def page_policy(page):
    """The Content-Security-Policy the current document was served with."""
    return page.evaluate("""async () => (await fetch(location.href, {cache: "no-store"}))
        .headers.get("content-security-policy")""")


def test_a_tracker_pasted_without_gating_is_neutralised_until_analytics_is_granted(page, site):
    requested = []
    page.route(re.compile(r"^https://www\.googletagmanager\.com/"), lambda route: (
        requested.append(route.request.url),
        route.fulfill(body="document.documentElement.dataset.googleTag = 'ran';",
                      content_type="text/javascript"),
    ))
    page.goto(f"{site.base_url}/en/")
    tag = page.locator('script[data-src^="https://www.googletagmanager.com/"]')
    expect(tag).to_have_attribute("type", "text/plain")
    expect(tag).to_have_attribute("data-category", "analytics")
    expect(page.locator("#consent-banner")).to_be_visible()
    assert requested == []

    page.locator("#consent-banner").get_by_role("button", name="Accept all").click()

    expect(page.locator("html")).to_have_attribute("data-google-tag", "ran")
    assert requested == [GOOGLE_TAG]


def test_an_embed_waits_behind_a_placeholder_that_can_allow_its_category(page, site):
    page.route(re.compile(r"^https://www\.youtube-nocookie\.com/"), lambda route: route.fulfill(
        body="<p>video player</p>", content_type="text/html"))
    page.goto(f"{site.base_url}/en/")
    placeholder = page.locator("[data-consent-placeholder=functional]")
    expect(placeholder).to_contain_text("YouTube")
    frame = page.locator("iframe[title='Test video']")
    expect(frame).to_be_hidden()
    assert frame.get_attribute("src") is None

    placeholder.get_by_role("button", name="Allow Functional cookies").click()

    expect(placeholder).to_be_hidden()
    expect(frame).to_be_visible()
    expect(frame).to_have_attribute("src", YOUTUBE)
    assert consent_cookie(page.context)["granted"] == "functional"
    video = page.frame_locator("iframe[title='Test video']")
    expect(video.get_by_text("video player")).to_be_visible()


def test_global_privacy_control_denies_advertisement(browser, site):
    context = browser.new_context()
    context.set_extra_http_headers({"Sec-GPC": "1"})
    context.add_init_script(GPC_SCRIPT)
    page = context.new_page()
    page.goto(f"{site.base_url}/en/")
    page.locator("#consent-banner").get_by_role("button", name="Customize").click()
    centre = page.get_by_role("dialog", name="Customize Consent Preferences")
    expect(centre.get_by_text("Global Privacy Control signal")).to_be_visible()
    expect(centre.get_by_role("switch", name="Advertisement")).to_be_disabled()

    # Accept all reloads the page into the wider policy; the record goes out with keepalive.
    with page.expect_request("**/api/consent/records/") as sent:
        centre.get_by_role("button", name="Accept all").click()

    body = sent.value.post_data_json
    assert body["gpc"] is True and body["action"] == "accept_all"
    assert body["granted"] == ["functional", "analytics", "performance"]
    cookie = consent_cookie(context)
    consent_sites.wait_for_record(site, cookie["id"])
    assert cookie["gpc"] == "1" and cookie["granted"] == "functional+analytics+performance"
    records = json.loads(site.newsdesk("consent", "export", "--since", "2000-01-01",
                                       "--format", "json").stdout)
    record = next(r for r in records if r["consent_id"] == cookie["id"])
    assert record["gpc"] is True and record["denied"] == ["advertisement"]
    expect(page.locator("html")).to_have_attribute("data-analytics-probe", "ran")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-consent",
                                                   "functional analytics performance")
    assert page.locator("html[data-ads-probe]").count() == 0
    assert ADS_PROBE not in cookie_names(context)
    context.close()


def test_the_whole_centre_works_with_the_keyboard_alone(page, site):
    page.goto(f"{site.base_url}/en/cookie-policy/")
    expect(page.locator("#consent-banner")).to_be_visible()
    settings_link = page.locator("footer").get_by_role("link", name="Cookie settings")
    settings_link.focus()  # stands for tabbing down the page to the footer
    page.keyboard.press("Enter")

    centre = page.get_by_role("dialog", name="Customize Consent Preferences")
    expect(centre).to_be_visible()
    assert page.evaluate("document.getElementById('consent-centre').contains("
                         "document.activeElement)")
    seen = []
    for _ in range(40):  # Tab all the way round: focus never leaves the dialog
        page.keyboard.press("Tab")
        inside, label = page.evaluate("""() => [
            document.getElementById('consent-centre').contains(document.activeElement),
            document.activeElement.textContent.trim() || document.activeElement.id]""")
        assert inside, f"focus left the dialog after {seen[-3:]}"
        seen.append(label)
    assert "Show more" in seen and "Save my preferences" in seen

    tab_to(page, "Analytics")
    page.keyboard.press("Enter")
    expect(centre.get_by_role("button", name="Analytics")).to_have_attribute(
        "aria-expanded", "true")
    expect(centre.locator("#consent-details-analytics")).to_contain_text(ANALYTICS_PROBE)
    page.keyboard.press("Tab")
    expect(centre.get_by_role("switch", name="Analytics")).to_be_focused()
    page.keyboard.press("Space")
    expect(centre.get_by_role("switch", name="Analytics")).to_be_checked()
    page.keyboard.press("Escape")
    expect(centre).to_be_hidden()
    assert "newsdesk_consent" not in cookie_names(page.context), "Esc chooses nothing"

    settings_link.focus()
    page.keyboard.press("Enter")
    expect(centre.get_by_role("switch", name="Analytics")).not_to_be_checked()
    tab_to(page, "consent-switch-analytics")
    page.keyboard.press("Space")
    tab_to(page, "Save my preferences")
    page.keyboard.press("Enter")

    expect(centre).to_be_hidden()
    expect(settings_link).to_be_focused()
    expect(page.locator("html")).to_have_attribute("data-analytics-probe", "ran")
    assert consent_cookie(page.context)["granted"] == "analytics"


def tab_to(page, label, limit=40):
    """Press Tab until the focused element's text (or id) is the label."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim() || document.activeElement.id"
                         ) == label:
            return
    raise AssertionError(f"{label!r} is not reachable with Tab")
