"""The newsletter's emails and pages are valid HTML (the Nu Html Checker finds no error) and
their plain-text parts read well, in both languages."""

import re
import time

import pytest
from django.core import mail
from django.test import Client, TestCase

from newsdesk.newsletter import tokens
from newsdesk.newsletter.mail import compose
from newsdesk.newsletter.models import Issue, NewsletterList, Subscriber, Subscription
from newsdesk.newsletter.sending import messages
from newsdesk.publishing.tests.factories import make_article, make_author, make_category
from tests.quality.tools import format_messages, is_error, run_vnu

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
LANGUAGES = ["en", "zh-hans"]


@pytest.fixture
def newsroom(settings):
    settings.NEWSDESK_BASE_URL = "https://news.example"
    settings.ALLOWED_HOSTS = ["testserver"]
    from newsdesk.newsletter.defaults import ensure_default_lists

    ensure_default_lists()
    category = make_category("City", translations={"zh-hans": {"name": "城市"}})
    story = make_article("Ferry returns to the bay", summary="After ten years, boats again.",
                         body="The **ferry** is back.\n\n> A quote.\n\n1. One\n2. Two",
                         category=category, authors=[make_author("Ann Writer")],
                         correction="An earlier version misnamed the pier.")
    chinese = make_article("渡轮回到海湾", summary="十年之后，船又来了。", body="**渡轮**回来了。",
                           language="zh-hans", category=category)
    subscriber = Subscriber.objects.create(email="ann@example.org", status="active")
    for item in NewsletterList.objects.all():
        Subscription.objects.create(subscriber=subscriber, newsletter_list=item)
    digest = Issue.objects.create(kind=Issue.Kind.DIGEST, status=Issue.Status.SENT,
                                  digest_list=NewsletterList.objects.first(),
                                  period_end=story.published_at)
    digest.digest_articles.set([story, chinese])
    return {"story": story, "subscriber": subscriber, "digest": digest}


def emails(newsroom):
    """{name: (html, text)} of every email the newsletter sends, in both languages."""
    found = {}
    subscriber, lists = newsroom["subscriber"], list(NewsletterList.objects.all())
    for language in LANGUAGES:
        for template, context in [
            ("confirm", {"confirm_url": "https://news.example/c/", "lists": lists, "days": 7}),
            ("welcome", {"lists": lists, "preferences_url": "https://news.example/p/"}),
            ("already", {"preferences_url": "https://news.example/p/"}),
        ]:
            message = compose(template, subscriber, context, language)
            found[f"{language}-{template}"] = (message.alternatives[0][0], message.body)
        for kind, issue in [("story", Issue(kind=Issue.Kind.STORY, article=newsroom["story"])),
                            ("digest", newsroom["digest"])]:
            parts = messages.render(issue, language)
            found[f"{language}-{kind}"] = (parts.html, parts.text)
    return found


def pages(newsroom):
    """The newsletter's own reader pages, as the server sends them."""
    client, subscriber = Client(), newsroom["subscriber"]
    found = {}
    for language in LANGUAGES:
        bad = client.post(f"/{language}/newsletter/subscribe/", {
            "email": "nope", "token": tokens.form_token(time.time() - 60)},
            HTTP_ORIGIN="http://testserver")
        found[f"{language}-form-errors"] = bad.content.decode()
        with TestCase.captureOnCommitCallbacks(execute=True):
            sent = client.post(f"/{language}/newsletter/subscribe/", {
                "email": "new@example.org", "token": tokens.form_token(time.time() - 60)},
                HTTP_ORIGIN="http://testserver")
        found[f"{language}-check-inbox"] = sent.content.decode()
        confirm = re.search(r"/newsletter/confirm/[^/\s]+/", mail.outbox[-1].body).group(0)
        found[f"{language}-confirm"] = client.get(f"/{language}{confirm}").content.decode()
        token = tokens.preferences_token(subscriber)
        found[f"{language}-preferences"] = client.get(
            f"/{language}/newsletter/preferences/{token}/").content.decode()
        unsubscribe = tokens.unsubscribe_token(subscriber, NewsletterList.objects.first())
        found[f"{language}-unsubscribe"] = client.get(
            f"/{language}/newsletter/unsubscribe/{unsubscribe}/").content.decode()
        found[f"{language}-digest"] = client.get(
            f"/{language}/newsletter/issues/{newsroom['digest'].pk}/").content.decode()
    return found


def test_every_email_and_page_of_the_newsletter_is_valid_html(newsroom, tmp_path):
    documents = {name: html for name, (html, _text) in emails(newsroom).items()}
    documents.update({f"page-{name}": html for name, html in pages(newsroom).items()})
    paths = []
    for name, html in documents.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html)
        paths.append(path)
    results = run_vnu(paths)
    problems = {name: [m for m in results[f"{name}.html"] if is_error(m)] for name in documents}
    report = "\n".join(f"{name}:\n{format_messages(found, documents[name])}"
                       for name, found in problems.items() if found)
    assert not report, report


def test_plain_text_parts_read_well_in_both_languages(newsroom):
    texts = {name: text for name, (_html, text) in emails(newsroom).items()}
    story = texts["en-story"]
    assert story.startswith("Ferry returns to the bay\n")
    assert "The **ferry** is back." in story and "Correction: An earlier version" in story
    assert "Read this on the website: https://news.example/en/" in story
    assert "Unsubscribe: https://newsdesk.invalid/unsubscribe-link" in story  # filled per person
    assert "渡轮回到海湾" in texts["zh-hans-digest"] and "退订：" in texts["zh-hans-digest"]
    assert "在网站上阅读：" in texts["zh-hans-story"]
    assert "请打开以下链接确认：" in texts["zh-hans-confirm"]
    for name, text in texts.items():
        assert not re.search(r"<(p|a|div|strong|br)\b", text), f"HTML in the text of {name}"
        assert "&amp;" not in text and "&#" not in text, f"escaped entities in {name}"
        assert max(len(line) for line in text.splitlines() if "://" not in line) < 400, name
