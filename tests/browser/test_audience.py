"""Views and likes in Chromium, against the real server.

Headless Chromium calls itself "HeadlessChrome", which the crawler filter
rightly refuses to count, so these readers present an ordinary browser's user
agent. The article page is served "from a cache" by replaying bytes fetched
earlier: a stale page whose numbers the script must bring up to date.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CHROME = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/126.0.0.0 Safari/537.36")


@pytest.fixture
def reader_context(browser):
    contexts = []

    def make(agent=CHROME, **options):
        context = browser.new_context(user_agent=agent, locale="en-GB", **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def first_article_url(page, live_site, position=0):
    page.goto(f"{live_site.base_url}/en/")
    return page.locator("article.teaser a.read-more").nth(position).get_attribute("href")


def number(text):
    return int(re.search(r"\d+", text).group())


def serve_from_cache(page, url, cached_html):
    """Answer navigations to `url` with bytes rendered earlier, as a page cache would."""
    page.route(url, lambda route: route.fulfill(
        status=200, body=cached_html, content_type="text/html; charset=utf-8",
    ))


def test_views_increase_on_an_article_served_from_the_cache(reader_context, live_site):
    first = reader_context().new_page()
    path = first_article_url(first, live_site, position=2)
    url = f"{live_site.base_url}{path}"
    cached = first.request.get(url).text()
    rendered = number(re.search(r'data-counter="views">([^<]*)<', cached).group(1))

    serve_from_cache(first, url, cached)
    first.goto(url)

    views = first.locator("[data-counter=views]")
    expect(views).to_have_text(f"Views: {rendered + 1}")
    assert first.context.cookies() == []
    assert first.evaluate("localStorage.length + sessionStorage.length") == 0

    # Views are written within 250 ms (NEWSDESK_AUDIENCE_BUFFER_SECONDS); the next answer may
    # come from the other worker process, which reads them from the database.
    first.wait_for_timeout(500)

    # The same reader again the same day: not counted twice, but the stale page shows the
    # live number, not the cached one.
    first.reload()
    expect(views).to_have_text(f"Views: {rendered + 1}")

    # Another reader (another browser) counts.
    first.wait_for_timeout(500)
    second = reader_context(agent=CHROME.replace("126", "127")).new_page()
    serve_from_cache(second, url, cached)
    second.goto(url)
    expect(second.locator("[data-counter=views]")).to_have_text(f"Views: {rendered + 2}")


def test_a_reader_likes_and_unlikes_an_article_by_keyboard(reader_context, live_site):
    page = reader_context().new_page()
    page.goto(f"{live_site.base_url}{first_article_url(page, live_site, position=3)}")
    likes = page.locator("[data-counter=likes]")
    button = page.get_by_role("button", name="Like")
    expect(button).to_have_attribute("aria-pressed", "false")
    before = number(likes.inner_text())
    assert page.evaluate("localStorage.length") == 0  # nothing stored before the click

    button.focus()
    page.keyboard.press("Space")

    expect(button).to_have_attribute("aria-pressed", "true")
    expect(likes).to_have_text(f"Likes: {before + 1}")
    assert page.evaluate("Object.keys(localStorage)") == [
        f"newsdesk:liked:{page.locator('[data-audience-article]').get_attribute('data-audience-article')}"
    ]

    page.reload()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(likes).to_have_text(f"Likes: {before + 1}")

    button.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(likes).to_have_text(f"Likes: {before}")
    assert page.evaluate("localStorage.length") == 0
    assert page.context.cookies() == []


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_counters_and_like_button_in_both_languages_and_sizes(
    reader_context, live_site, tmp_path_factory, width, height, language
):
    page = reader_context(viewport={"width": width, "height": height}).new_page()
    path = first_article_url(page, live_site).replace("/en/", f"/{language}/")
    page.goto(f"{live_site.base_url}{path}")

    label = "Like" if language == "en" else "点赞"
    views = "Views: " if language == "en" else "浏览量："
    expect(page.get_by_role("button", name=label)).to_be_visible()
    expect(page.locator("[data-counter=views]")).to_have_text(re.compile(rf"^{views}\d+$"))
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)
    page.locator(".article-header").screenshot(path=str(shots / f"article-{language}-{width}.png"))
