"""A reader searches from the header box, in both languages, in Chromium against the real server."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(os.environ.get("NEWSDESK_SCREENSHOTS", "/tmp/newsdesk-screenshots"))


def test_reader_searches_chinese_from_the_header_and_reaches_the_article(page, live_site):
    page.goto(f"{live_site.base_url}/zh-hans/")
    search = page.get_by_role("search", name="站内搜索")
    search.get_by_role("searchbox", name="搜索文章").fill("高铁")
    search.get_by_role("searchbox").press("Enter")

    expect(page).to_have_url(re.compile(r"/zh-hans/search/\?q=%E9%AB%98%E9%93%81"))
    first = page.locator("article.search-hit").first
    expect(first.locator("mark").first).to_have_text("高铁")
    expect(page.get_by_role("status")).to_contain_text("找到")
    first.locator("h2 a").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("高铁")
    related = page.get_by_role("region", name="相关文章")
    expect(related.get_by_role("listitem").first).to_be_visible()
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_reader_filters_english_results_and_pages_through_them(page, live_site):
    page.goto(f"{live_site.base_url}/en/search/?q=the")
    expect(page.get_by_role("status")).to_contain_text("articles found")
    page.get_by_label("Article language").select_option("en")
    page.get_by_label("Order").select_option("newest")
    page.get_by_role("search", name="Search articles").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"language=en.*order=newest"))
    hits = page.locator("article.search-hit")
    expect(hits).to_have_count(8)
    expect(hits.first).to_have_attribute("lang", "en")
    page.get_by_role("searchbox", name="Search for").fill('"(* ^ :) 😀')
    page.get_by_role("searchbox", name="Search for").press("Enter")
    expect(page.locator(".search-empty")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_search_and_related_articles_fit_the_screen(browser, live_site, language, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    query = "高铁" if language == "zh-hans" else "ferry"
    page.goto(f"{live_site.base_url}/{language}/search/?q={query}")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(SCREENSHOTS / f"search-{language}-{width}.png"), full_page=True)
    page.locator("article.search-hit h2 a").first.click()
    page.locator("section.related").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(SCREENSHOTS / f"related-{language}-{width}.png"))
    context.close()
