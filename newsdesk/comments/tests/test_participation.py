"""Respect reactions, live updates and the pre-posting nudge, as readers meet them."""

import datetime

import pytest
from django.test import Client, override_settings

from newsdesk.comments import reactions
from newsdesk.comments.models import Comment
from newsdesk.comments.tests.conftest import make_comment, post
from newsdesk.pagecache.tests.conftest import app, call  # noqa: F401

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


def respect(comment, address="198.51.100.1", agent=BROWSER):
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent).post(
        f"/en/comments/respect/{comment.pk}/", HTTP_ACCEPT="application/json")


def test_respect_is_counted_once_per_reader_per_day_without_a_cookie(article):
    comment = make_comment(article)
    first = respect(comment)
    assert first.json() == {"comment": comment.pk, "counted": True, "respect": 1}
    assert not first.cookies
    assert respect(comment).json() == {"comment": comment.pk, "counted": False, "respect": 1}
    assert respect(comment, address="198.51.100.2").json()["respect"] == 2
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert reactions.respect(comment.pk, address="198.51.100.1", user_agent=BROWSER,
                             today=tomorrow) == (True, 3)
    assert Comment.objects.get(pk=comment.pk).respect_count == 3


def test_respect_without_javascript_returns_to_the_comment(article):
    comment = make_comment(article)
    response = Client(HTTP_USER_AGENT=BROWSER).post(f"/en/comments/respect/{comment.pk}/")
    assert response.status_code == 303
    assert response["Location"].endswith(f"#comment-{comment.pk}")


def test_respect_for_a_missing_comment_or_from_a_script_is_refused(article):
    pending = make_comment(article, status=Comment.Status.PENDING)
    assert respect(pending).status_code == 404
    assert respect(make_comment(article), agent="").status_code == 403
    assert Client().post("/en/comments/respect/1/", HTTP_ORIGIN="https://x.example",
                         HTTP_USER_AGENT=BROWSER).status_code == 403


def test_the_live_poll_is_cached_and_refreshed_when_a_comment_is_approved(app, article):  # noqa: F811
    first = make_comment(article)
    url = f"/en/comments/{article.pk}/live/{first.pk}/"
    assert call(app, url).headers["x-cache"] == "MISS"
    cached = call(app, url)
    assert cached.headers["x-cache"] == "HIT"
    assert cached.text.startswith("{") and '"count":0' in cached.text.replace(" ", "")
    from django.test import TestCase

    from newsdesk.comments import moderation

    new = make_comment(article, status=Comment.Status.PENDING, text="Fresh from the quay.",
                       parent=first)
    with TestCase.captureOnCommitCallbacks(execute=True):
        moderation.moderate([new], Comment.Status.APPROVED)
    fresh = call(app, url)
    assert fresh.headers["x-cache"] == "MISS"
    import json

    data = json.loads(fresh.text)
    assert data["count"] == 1 and data["latest"] == new.pk
    assert data["comments"][0]["parent"] == first.pk
    assert "Fresh from the quay." in data["comments"][0]["html"]
    assert call(app, f"/en/comments/{article.pk + 999}/live/0/").status == 404


def test_the_article_page_says_where_to_poll_from(client, article):
    comment = make_comment(article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'data-live-url="/en/comments/{article.pk}/live/"' in page
    assert f'data-latest="{comment.pk}"' in page
    with override_settings(COMMENTS_LIVE_POLL_SECONDS=0):
        assert "data-live-url" not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("text, reason", [
    ("THIS FERRY IS ALWAYS LATE AND NOBODY CARES", "capital letters"),
    ("https://one.example/page https://two.example/other", "mostly links"),
])
def test_shouting_or_mostly_links_asks_once_to_reconsider(client, article, text, reason):
    first = post(client, article, comment=text, reconsidered=None)
    page = first.content.decode()
    assert first.status_code == 200 and not Comment.objects.exists()
    assert "Before you post" in page and reason in page and text in page
    assert 'name="reconsidered" value="on"' in page
    again = post(client, article, comment=text, reconsidered="on")
    assert again.status_code == 302 and Comment.objects.count() == 1


def test_suspect_words_nudge_and_then_hold(client, article):
    from newsdesk.comments.models import WordList

    WordList.objects.create(kind="suspect", language="en", words="numpty")
    page = post(client, article, comment="Only a numpty runs a ferry so.", reconsidered=None)
    assert "Some words may hurt" in page.content.decode() and "numpty" in page.content.decode()
    post(client, article, comment="Only a numpty runs a ferry so.", reconsidered="on")
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_an_ordinary_comment_is_not_nudged(client, article):
    assert post(client, article, comment="A calm crossing, NASA-grade.",
                reconsidered=None).status_code == 302
