"""A reader's first visit, in Chromium, against the real server."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_reader_follows_read_more_sees_references_and_counters_and_switches_to_chinese(
    page, live_site
):
    page.goto(f"{live_site.base_url}/")
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Latest news")
    first_teaser = page.locator("article.teaser").first
    title = first_teaser.locator("h2").inner_text()

    first_teaser.get_by_role("link", name=re.compile("^Read more")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    references = page.get_by_role("region", name="References")
    expect(references.get_by_role("listitem").first).to_be_visible()
    expect(page.locator("[data-counter=views]")).to_have_text(re.compile(r"^Views: \d+$"))
    expect(page.locator("[data-counter=likes]")).to_contain_text("Likes")
    expect(page.locator("[data-counter=comments]")).to_contain_text("comment")
    page.screenshot(path=str(DOCS / "screenshot-article.png"))

    page.get_by_role("navigation", name="Language").get_by_role("link", name="简体中文").click()

    expect(page).to_have_url(re.compile(r"/zh-hans/"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("region", name="参考资料")).to_be_visible()
    expect(page.locator("[data-counter=views]")).to_have_text(re.compile(r"^浏览量：\d+$"))


def test_reading_sets_no_cookie_and_no_storage(page, live_site):
    page.goto(f"{live_site.base_url}/en/")
    page.locator("article.teaser a.read-more").nth(1).click()
    page.get_by_role("link", name="Culture").click()
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_pages_fit_the_viewport_without_horizontal_scrolling(browser, live_site, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for path in ("/en/", "/zh-hans/", "/en/no-such-page/", "/en/category/culture/"):
        page.goto(f"{live_site.base_url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} overflows by {overflow}px at {width}px"
    page.goto(f"{live_site.base_url}/en/")
    page.locator("article.teaser a.read-more").first.click()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    context.close()
