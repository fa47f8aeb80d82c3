"""The comment desk in Chromium: keyboard moderation, reports on cached pages, live threads.

Its own site: the live poll every second, the rate limit and the time trap off
(Playwright types at once). Comments are made through `newsdesk shell`.
"""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.live_site import ADMIN_PASSWORD, ADMIN_USERNAME, LiveSite

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"
SHOTS = Path("/tmp/shots-comments")


@pytest.fixture(scope="module")
def live_site(tmp_path_factory):
    site = LiveSite(data_dir=tmp_path_factory.mktemp("comment-desk"), extra_env={
        "NEWSDESK_COMMENTS_RATE_LIMIT": "0",
        "NEWSDESK_COMMENTS_MIN_SECONDS": "0",
        "NEWSDESK_COMMENTS_LIVE_POLL_SECONDS": "1",
        "NEWSDESK_COMMENTS_NOTIFY_MODERATORS": "false",
    })
    site.prepare()
    site.start()
    yield site
    site.stop()
    site.drop_database()


def shell(site, code):
    """Run Python in the site's Django; returns what it printed as JSON."""
    result = site.newsdesk("shell", "-c", code)
    return json.loads(result.stdout.strip().splitlines()[-1])


def make_comments(site, count, status="pending", reason="first-time", text="Comment {n}"):
    code = f"""
import json
from newsdesk.comments.models import Comment
from newsdesk.publishing.models import Article
article = Article.objects.published().order_by("-published_at").first()
ids = [Comment.objects.create(article=article, name=f"Reader {{n}}", email=f"r{{n}}@example.org",
       text={text!r}.format(n=n), status={status!r}, spam_reason={reason!r}).pk
       for n in range({count})]
if {status!r} == "approved":
    from newsdesk.comments.services import refresh_article
    refresh_article(article.pk)
print(json.dumps({{"ids": ids, "url": article.get_absolute_url()}}))
"""
    return shell(site, code)


def statuses(site, ids):
    marks = ",".join("%s" for _ in ids)
    rows = site.sql(f"SELECT id, status FROM comments_comment WHERE id IN ({marks})", ids)
    return {row[0]: row[1] for row in rows}


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_ten_comments_moderated_with_the_keyboard_all_in_the_audit_trail(admin_page, live_site):
    made = make_comments(live_site, 10, text="Keyboard comment {n}: the ferry was late.")
    ids = made["ids"]
    admin_page.goto(f"{live_site.base_url}/admin/comments/comment/queue/pending/")
    expect(admin_page.locator(".mod-card")).to_have_count(10)
    assert no_sideways_scroll(admin_page)
    keys = ["a", "r", "s", "a", "f", "a", "r", "a", "s", "a"]
    admin_page.keyboard.press("j")
    for number, key in enumerate(keys, start=1):
        admin_page.keyboard.press(key)
        expect(admin_page.locator(".mod-card--done")).to_have_count(number)
    wanted = {"a": "approved", "r": "rejected", "s": "spam", "f": "approved"}
    assert statuses(live_site, ids) == {pk: wanted[key] for pk, key in zip(ids, keys, strict=True)}
    expect(admin_page.locator("[data-count=pending]").first).to_have_text("0")
    featured = live_site.sql("SELECT COUNT(*) FROM comments_comment WHERE featured_at IS NOT NULL")
    assert featured[0][0] == 1
    audit = live_site.sql(
        "SELECT action, COUNT(*) FROM security_auditentry WHERE action LIKE 'comment.%%' "
        "GROUP BY action")
    counts = dict(audit)
    assert counts["comment.approve"] >= 6 and counts["comment.reject"] >= 2
    assert counts["comment.spam"] >= 2 and counts["comment.feature"] >= 1


def test_a_reader_reports_a_comment_on_a_cached_page_and_the_moderator_sees_why(
        browser, admin_page, live_site):
    made = make_comments(live_site, 1, status="approved", reason="",
                         text="Report me {n}: everyone here is a fool.")
    comment_id = made["ids"][0]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    reader = context.new_page()
    reader.goto(live_site.base_url + made["url"])
    reader.goto(live_site.base_url + made["url"])  # the second time from the page cache
    comment = reader.locator(f"#comment-{comment_id}")
    comment.get_by_role("link", name=re.compile("Report")).click()
    dialog = reader.locator("dialog.comment-report-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Send the report").click()
    expect(dialog.locator(".field-error").first).to_contain_text("Please choose why")
    dialog.get_by_label("Abuse, harassment or hate").check()
    dialog.get_by_label("Explanation").fill("Calls every reader a fool.")
    SHOTS.mkdir(exist_ok=True)
    reader.screenshot(path=str(SHOTS / "report-dialog-phone.png"))
    dialog.get_by_role("button", name="Send the report").click()
    expect(dialog).to_contain_text("Thank you for your report")
    assert context.cookies() == []
    context.close()

    admin_page.goto(f"{live_site.base_url}/admin/comments/comment/queue/reported/")
    card = admin_page.locator(f"#mod-{comment_id}")
    expect(card).to_contain_text("Abuse, harassment or hate")
    expect(card).to_contain_text("Calls every reader a fool.")


def test_a_new_comment_appears_in_another_open_browser_without_reload_or_layout_shift(
        browser, admin_page, live_site):
    made = make_comments(live_site, 1, status="approved", reason="", text="Live base {n}.")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    reader = context.new_page()
    reader.add_init_script("""
        window.__shift = 0;
        new PerformanceObserver(list => list.getEntries().forEach(entry => {
            if (!entry.hadRecentInput) { window.__shift += entry.value; }
        })).observe({type: "layout-shift", buffered: true});
    """)
    reader.goto(live_site.base_url + made["url"])
    reader.locator("#comments").scroll_into_view_if_needed()
    reader.wait_for_timeout(1500)
    before = reader.evaluate("window.__shift")
    scroll = reader.evaluate("window.scrollY")
    navigations = reader.evaluate("performance.getEntriesByType('navigation').length")

    pending = make_comments(live_site, 1, text="Live arrival {n}: the ferry is here!")
    admin_page.goto(f"{live_site.base_url}/admin/comments/comment/queue/pending/")
    admin_page.locator(f"#mod-{pending['ids'][0]} button[data-act=approve]").click()
    expect(admin_page.locator(f"#mod-{pending['ids'][0]}")).to_have_class(
        re.compile("mod-card--done"))

    prompt = reader.locator("[data-live-show]")
    expect(prompt).to_be_visible(timeout=15000)
    expect(prompt).to_have_text("1 new comment")
    assert reader.evaluate("window.__shift") - before == 0
    assert reader.evaluate("window.scrollY") == scroll
    assert reader.evaluate("performance.getEntriesByType('navigation').length") == navigations
    reader.screenshot(path=str(SHOTS / "live-prompt.png"))
    prompt.click()
    new = reader.locator(f"#comment-{pending['ids'][0]}")
    expect(new).to_contain_text("Live arrival 0: the ferry is here!")
    expect(new).to_be_focused()
    context.close()


def test_respect_is_counted_once_per_reader_a_day(browser, live_site):
    made = make_comments(live_site, 1, status="approved", reason="", text="Respect me {n}.")
    comment_id = made["ids"][0]
    for _reader in range(2):
        context = browser.new_context()
        page = context.new_page()
        page.goto(live_site.base_url + made["url"])
        button = page.locator(f"#comment-{comment_id} button[data-respect]")
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(button.locator("[data-respect-count]")).to_have_text("1")
        assert context.cookies() == []
        context.close()
    assert live_site.sql("SELECT respect_count FROM comments_comment WHERE id = %s",
                         [comment_id]) == [(1,)]


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_queue_fits_phone_and_desktop_in_both_languages_and_schemes(
        browser, live_site, width, height, language, scheme):
    if not live_site.sql("SELECT id FROM comments_comment WHERE spam_reason = 'suspect: fool'"):
        make_comments(live_site, 2, reason="suspect: fool",
                      text="Held {n}: only a fool would run the ferry like this, see "
                           "https://example.org/a-very-long-address-that-must-wrap-somewhere")
        shell(live_site, "import json\nfrom newsdesk.comments.models import WordList\n"
                         "WordList.objects.get_or_create(kind='suspect', language='en', "
                         "defaults={'words': 'fool'})\nprint(json.dumps(1))")
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="zh-CN" if language == "zh-hans" else "en-GB",
                                  color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{live_site.base_url}/admin/login/?next=/admin/comments/comment/queue/held/")
    page.fill("#id_username", ADMIN_USERNAME)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator(".mod-card").first).to_be_visible()
    expect(page.locator("mark.mod-match--suspect").first).to_have_text("fool")
    assert no_sideways_scroll(page), f"the queue scrolls sideways at {width}px"
    SHOTS.mkdir(exist_ok=True)
    name = f"moderation-queue-{language}-{width}-{scheme}.png"
    page.screenshot(path=str(SHOTS / name))
    if (language, scheme) in (("en", "light"), ("zh-hans", "dark")):
        page.screenshot(path=str(DOCS / f"screenshot-{name}"))
    if (language, width, scheme) == ("en", 1280, "light"):
        page.goto(f"{live_site.base_url}/admin/")
        page.screenshot(path=str(SHOTS / "admin-home.png"))
    context.close()


def test_a_storys_comments_show_report_and_respect_controls(browser, live_site):
    made = make_comments(live_site, 2, status="approved", reason="",
                         text="Shown {n}: the new timetable suits commuters.")
    for width, scheme in ((1280, "light"), (390, "dark")):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      color_scheme=scheme)
        page = context.new_page()
        page.goto(live_site.base_url + made["url"] + "#comments")
        expect(page.locator("#comments button[data-respect]").first).to_be_visible()
        expect(page.locator("#comments a[data-report]").first).to_be_visible()
        assert no_sideways_scroll(page)
        target = DOCS / "screenshot-comment-controls.png" if width == 1280 else \
            SHOTS / "comment-controls-phone-dark.png"
        page.locator(f"#comment-{made['ids'][0]}").screenshot(path=str(target))
        context.close()
