"""Comments in Chromium against the real server: post, moderate, reply; hostile input.

This module runs its own site (the `live_site` fixture is overridden here) with
its notification email going to an aiosmtpd server started by the tests, the
rate limit off (the hostile-input test posts hundreds of comments from one
address) and the time trap's minimum at zero (Playwright types instantly).
"""

import email
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from tests.browser.hostile_payloads import PAYLOADS, TRAP_SCRIPT
from tests.live_site import LiveSite, free_port

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def wait_for(self, predicate, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [message for message in self.messages if predicate(message)]
            if found:
                return found[-1]
            time.sleep(0.1)
        raise AssertionError("no matching email arrived")


@pytest.fixture(scope="module")
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture(scope="module")
def live_site(tmp_path_factory, inbox):
    site = LiveSite(data_dir=tmp_path_factory.mktemp("comments-site"), extra_env={
        "NEWSDESK_SMTP_URL": f"smtp://127.0.0.1:{inbox.port}",
        "NEWSDESK_COMMENTS_RATE_LIMIT": "0",
        "NEWSDESK_COMMENTS_MIN_SECONDS": "0",
    })
    site.prepare()
    site.start()
    yield site
    site.stop()


def article_urls(page, live_site):
    page.goto(f"{live_site.base_url}/en/")
    return [
        live_site.base_url + href for href in page.locator("article.teaser h2 a").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))")
    ]


def fill_form(form, comment, name, email_address, website=""):
    form.locator("#comment-comment").fill(comment)
    form.locator("#comment-name").fill(name)
    form.locator("#comment-email").fill(email_address)
    if website:
        form.locator("#comment-website").fill(website)


def body(message):
    return message.get_body(("plain",)).get_content()


def test_reader_posts_sees_it_pending_editor_approves_it_and_a_reply_is_threaded(
    page, admin_page, live_site, inbox
):
    url = article_urls(page, live_site)[0]
    page.goto(url)
    section = page.locator("#comments")
    expect(section.get_by_role("heading", name="Leave a reply")).to_be_visible()
    expect(section).to_contain_text("Your email address will not be published.")

    fill_form(page.locator("#respond"), "The 9:15 sailing was full of cyclists.",
              "Ingrid Holm", "ingrid@example.org", "https://ingrid.example")
    page.get_by_role("button", name="Post comment").click()

    expect(page).to_have_url(re.compile(r"\?c=[^#]+#comment-\d+$"))
    comment_id = re.search(r"#comment-(\d+)$", page.url).group(1)
    mine = page.locator(f"#comment-{comment_id}")
    expect(mine).to_contain_text("awaiting moderation")
    expect(mine).to_contain_text("The 9:15 sailing was full of cyclists.")
    expect(mine.get_by_role("link", name="Edit or delete")).to_be_visible()
    assert page.context.cookies() == []

    # Nobody else sees it.
    other = page.context.browser.new_context().new_page()
    other.goto(url)
    expect(other.locator(f"#comment-{comment_id}")).to_have_count(0)

    # The moderator's email links to a one-click decision in the back office.
    message = inbox.wait_for(lambda m: "cyclists" in body(m))
    approve = re.search(r"(http\S+/moderate/\?action=approve)", body(message)).group(1)
    admin_page.goto(approve)
    admin_page.get_by_role("button", name="Approve").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("Approved")

    other.goto(url)
    published = other.locator(f"#comment-{comment_id}")
    expect(published).to_contain_text("The 9:15 sailing was full of cyclists.")
    expect(published).not_to_contain_text("awaiting moderation")
    expect(published.get_by_role("link", name="Ingrid Holm", exact=True)).to_have_attribute(
        "rel", "nofollow ugc noopener")
    expect(published.locator(".comment-relative")).not_to_have_text("")
    expect(other.locator("[data-counter=comments]")).to_have_text("1 comment")

    # Reply: the form moves under the comment and the reply is shown nested.
    published.get_by_role("link", name=re.compile("^Reply")).click()
    form = published.locator("#respond")
    expect(form).to_be_visible()
    expect(form).to_contain_text("Replying to Ingrid Holm")
    fill_form(form, "Agreed, the bike racks filled up by Pier 2.", "Ingrid Holm",
              "ingrid@example.org")
    form.get_by_role("button", name="Post comment").click()
    expect(other).to_have_url(re.compile(r"#comment-\d+$"))
    reply_id = re.search(r"#comment-(\d+)$", other.url).group(1)
    reply = other.locator(f"#comment-{comment_id} .comment-children #comment-{reply_id}")
    expect(reply).to_contain_text("bike racks")
    expect(reply).not_to_contain_text("awaiting moderation")  # a known email is trusted
    other.context.close()


def test_the_form_gets_a_fresh_token_when_the_reader_starts_typing(page, live_site):
    page.goto(article_urls(page, live_site)[1])
    token = page.locator("[data-token-field]")
    cached = token.input_value()
    time.sleep(1.1)  # tokens carry whole seconds
    with page.expect_response(re.compile(r"/comments/\d+/token/$")):
        page.locator("#comment-comment").focus()
    expect(token).not_to_have_value(cached)


def post_raw(live_site, article_id, fields):
    """Post the form as a browser would (same-origin), returning the HTTP status."""
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(
        f"{live_site.base_url}/en/comments/{article_id}/post/", data=data,
        headers={"Origin": live_site.base_url}, method="POST",
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        return urllib.request.build_opener(NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def test_hostile_input_never_runs_in_the_page_and_never_breaks_the_server(
    browser, page, admin_page, live_site
):
    assert len(PAYLOADS) >= 100
    url = article_urls(page, live_site)[2]
    page.goto(url)
    form = page.locator("form.comment-form")
    article_id = re.search(r"/comments/(\d+)/post/", form.get_attribute("action")).group(1)
    token = form.locator("[data-token-field]").input_value()

    def both_posts(numbered):
        number, payload = numbered
        stored = post_raw(live_site, article_id, {
            "comment": f"{payload}\n\n#{number}", "name": payload[:100],
            "email": f"hostile{number}@example.org", "token": token,
            "website": "https://example.org/" + urllib.parse.quote(payload[:150]),
        })
        as_website = post_raw(live_site, article_id, {
            "comment": f"Website test {number}", "name": f"Website {number}",
            "email": f"site{number}@example.org", "token": token, "website": payload[:200],
        })
        return stored, as_website

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(both_posts, enumerate(PAYLOADS)))
    assert all(status < 500 for pair in statuses for status in pair), statuses
    assert sum(stored == 302 for stored, _ in statuses) >= 100

    # Approve everything in the back office, which must not run the payloads either.
    admin_page.context.add_init_script(TRAP_SCRIPT)
    admin_page.goto(f"{live_site.base_url}/admin/comments/comment/?status=pending")
    admin_page.locator("#action-toggle").check()
    admin_page.locator(".actions .question a").click()  # "Select all N comments"
    admin_page.locator("select[name=action]").select_option("approve")
    admin_page.locator(".actions button[type=submit]").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("approved")
    assert admin_page.evaluate("window.__trapped") == []

    # The article with every payload, in a page that reports anything that runs.
    # bypass_csp: escaping alone must keep the payloads inert; the site's
    # Content-Security-Policy is a second line, tested in test_security_csp.py.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.add_init_script(TRAP_SCRIPT)
    dialogs = []
    reader = context.new_page()
    reader.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    reader.goto(url)
    expect(reader.locator("#comments .comment")).to_have_count(
        sum(stored == 302 for stored, _ in statuses) + sum(site == 302 for _, site in statuses)
    )
    reader.mouse.move(200, 200)
    for item in reader.locator("#comments .comment-body").all()[:60]:
        item.hover()
    reader.wait_for_timeout(500)
    assert reader.evaluate("window.__trapped") == [] and dialogs == []
    assert reader.locator("#comments script, #comments iframe, #comments svg").count() == 0

    # The re-rendered form (invalid input kept in the fields) is just as inert.
    reader.goto(url)
    for payload in PAYLOADS[:12]:
        reader.goto(url)
        respond = reader.locator("#respond")
        fill_form(respond, payload, payload[:100], "not-an-email", payload[:200])
        reader.evaluate("document.querySelector('form.comment-form').noValidate = true")
        respond.get_by_role("button", name="Post comment").click()
        expect(reader.get_by_role("heading", level=1)).to_have_text("Please check your comment")
    assert reader.evaluate("window.__trapped") == [] and dialogs == []

    # The hook itself works: markup that does get interpreted is caught.
    reader.evaluate("document.body.insertAdjacentHTML('beforeend', "
                    "'<img src=x onerror=__pwned(\"canary\")>')")
    reader.wait_for_function("window.__trapped.length > 0")
    assert reader.evaluate("window.__trapped") == ["canary"]
    context.close()


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_comments_fit_phone_and_desktop_in_both_languages(browser, live_site, width, height,
                                                        language):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme="dark" if width < 500 else "light")
    page = context.new_page()
    url = article_urls(page, live_site)[0].replace("/en/", f"/{language}/")
    page.goto(url + "#comments")
    page.locator("#comments .comment-reply-link").first.click()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"comments overflow by {overflow}px at {width}px"
    heading = "发表评论" if language == "zh-hans" else "Leave a reply"
    expect(page.locator("#respond h3")).to_have_text(heading)
    if language == "en" and width == 1280:
        page.locator("#comments").screenshot(path=str(SCREENSHOTS / "screenshot-comments.png"))
    context.close()
