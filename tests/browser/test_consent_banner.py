"""A reader's first visits: the consent banner, and nothing optional before a choice."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests import consent_sites

pytestmark = pytest.mark.browser

# Every layout shift since the page loaded, with what moved, so a failure says where to look.
LAYOUT_SHIFTS = """() => new Promise(resolve => {
  const shifts = [];
  new PerformanceObserver(list => list.getEntries().forEach(e => shifts.push({
    value: e.value, at: Math.round(e.startTime),
    moved: e.sources.map(s => s.node ? (s.node.outerHTML || s.node.textContent || "")
      .slice(0, 80) : "?")
  }))).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(shifts)));
})"""


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    return consent_sites.consent_site(tmp_path_factory)


def storage_keys(page):
    return page.evaluate("[...Object.keys(localStorage), ...Object.keys(sessionStorage)]")


def test_first_visit_shows_the_banner_and_nothing_optional_runs_before_a_choice(page, site):
    page.goto(f"{site.base_url}/en/")
    banner = page.get_by_role("region", name="Your choice about cookies")
    expect(banner).to_be_visible()
    buttons = [banner.get_by_role("button", name=name, exact=True)
               for name in ("Customize", "Reject all", "Accept all")]
    classes = {button.get_attribute("class") for button in buttons}
    heights = {round(button.bounding_box()["height"]) for button in buttons}
    assert len(classes) == 1 and len(heights) == 1, "the three choices look the same"
    expect(banner.get_by_role("link", name="Cookie policy")).to_have_attribute(
        "href", "/en/cookie-policy/")
    # The banner is fixed at the bottom, so it moves nothing; the budget is issue 11's
    # CLS < 0.01 (a loaded CI machine once saw 0.0004 from a first paint made early).
    shifts = page.evaluate(LAYOUT_SHIFTS)
    assert sum(shift["value"] for shift in shifts) < 0.01, shifts
    assert page.evaluate("getComputedStyle(document.getElementById('consent-banner')).position") \
        == "fixed"

    page.locator("article.teaser a.read-more").first.click()
    expect(page.locator("#consent-banner")).to_be_visible()
    page.goto(f"{site.base_url}/en/cookie-policy/")
    expect(page.locator("#consent-banner")).to_be_visible()

    assert page.context.cookies() == []
    assert storage_keys(page) == []
    assert page.locator("html[data-analytics-probe]").count() == 0
    assert page.locator("html[data-ads-probe]").count() == 0


def test_reject_all_leaves_only_the_consent_cookie(page, site):
    page.goto(f"{site.base_url}/en/")
    page.locator("#consent-banner").get_by_role("button", name="Reject all").click()

    expect(page.locator("#consent-banner")).to_be_hidden()
    expect(page.locator("html")).to_have_attribute("data-consent", "none")
    page.locator("article.teaser a.read-more").first.click()
    expect(page.locator("html")).to_have_attribute("data-consent", "none")
    expect(page.locator("#consent-banner")).to_be_hidden()
    cookies = page.context.cookies()
    assert [cookie["name"] for cookie in cookies] == ["newsdesk_consent"]
    consent = cookies[0]
    assert "|granted:|" in consent["value"] and "|rev:1|" in consent["value"]
    assert consent["sameSite"] == "Lax" and not consent["httpOnly"]
    assert consent["expires"] > time.time() + 300 * 86400
    assert storage_keys(page) == []
    assert page.locator("html[data-analytics-probe]").count() == 0


def test_closing_the_banner_without_a_choice_grants_nothing(page, site):
    page.goto(f"{site.base_url}/en/")
    page.get_by_role("button", name=re.compile("Close without choosing")).click()

    expect(page.locator("#consent-banner")).to_be_hidden()
    assert page.context.cookies() == []
    page.reload()
    expect(page.locator("#consent-banner")).to_be_visible()
    assert page.locator("html[data-analytics-probe]").count() == 0


def test_chinese_pages_ask_in_chinese(page, site):
    page.goto(f"{site.base_url}/zh-hans/")
    banner = page.get_by_role("region", name="关于 Cookie 的选择")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("button", name="全部接受")).to_be_visible()
    expect(banner.get_by_role("button", name="全部拒绝")).to_be_visible()
    banner.get_by_role("button", name="自定义").click()

    centre = page.get_by_role("dialog", name="自定义同意偏好")
    expect(centre).to_be_visible()
    expect(centre.get_by_text("始终启用", exact=True)).to_be_visible()
    centre.get_by_role("button", name="分析").click()
    expect(centre.get_by_text("由分析探针设置。")).to_be_visible()
    expect(centre.get_by_role("button", name="保存我的偏好")).to_be_visible()
    centre.get_by_role("button", name="功能").click()
    expect(centre.locator("#consent-details-functional")).to_contain_text("暂无 Cookie 可显示。")
    expect(page.get_by_role("link", name="Cookie 设置")).to_be_attached()


def test_readers_where_the_law_is_opt_out_get_optional_cookies_until_they_object(
    browser, site
):
    context = browser.new_context(extra_http_headers={"CF-IPCountry": "US"})
    page = context.new_page()
    page.goto(f"{site.base_url}/en/")

    expect(page.locator("html")).to_have_attribute("data-consent-regime", "opt-out")
    expect(page.locator("html")).to_have_attribute("data-analytics-probe", "ran")
    banner = page.locator("#consent-banner")
    expect(banner).to_contain_text("You can object at any time")
    do_not_sell = page.get_by_role("link", name="Do Not Sell or Share My Personal Information")
    expect(do_not_sell).to_be_visible()

    do_not_sell.click()
    advertisement = page.get_by_role("switch", name="Advertisement")
    expect(advertisement).to_be_focused()
    expect(advertisement).to_be_checked()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save my preferences").click()
    page.reload()
    expect(page.locator("html")).to_have_attribute(
        "data-consent", "functional analytics performance")
    assert page.locator("html[data-ads-probe]").count() == 0
    assert "nd_ads_probe" not in {cookie["name"] for cookie in context.cookies()}
    context.close()
