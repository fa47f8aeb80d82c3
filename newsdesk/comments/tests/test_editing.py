"""The author edits or deletes their comment by the signed link; counts and caches follow."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from newsdesk.comments import services
from newsdesk.comments.models import Comment, Discussion
from newsdesk.comments.tests.conftest import author_link, make_comment, post
from newsdesk.publishing.models import Article
from newsdesk.publishing.signals import article_changed

pytestmark = pytest.mark.django_db


def token_of(link):
    return parse_qs(urlsplit(link).query)["c"][0]


@pytest.fixture
def changes():
    """Articles announced through article_changed, in order."""
    seen = []

    def receiver(sender, article, **kwargs):
        seen.append(article.pk)

    article_changed.connect(receiver, dispatch_uid="comments-test-receiver")
    yield seen
    article_changed.disconnect(dispatch_uid="comments-test-receiver")


def edit(client, comment_id, token, text, **extra):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/en/comments/edit/{comment_id}/", {"c": token, "comment": text},
                           **extra)


def delete(client, comment_id, token):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(f"/en/comments/delete/{comment_id}/", {"c": token})


def test_the_author_edits_their_comment_within_the_window(client, article):
    link = author_link(post(client, article, comment="Teh ferry"))
    comment = Comment.objects.get()
    page = client.get(f"/en/comments/edit/{comment.pk}/?c={token_of(link)}")
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert "Teh ferry" in page.content.decode() and "ann@example.org" not in page.content.decode()

    response = edit(client, comment.pk, token_of(link), "The ferry")
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.text == "The ferry" and comment.edited_at is not None
    assert "(edited)" in client.get(response["Location"]).content.decode()


def test_the_edit_link_is_shown_only_to_the_author(client, article):
    link = author_link(post(client, article))
    assert "Edit or delete" in client.get(link).content.decode()
    Comment.objects.update(status=Comment.Status.APPROVED)
    assert "Edit or delete" not in client.get(article.get_absolute_url()).content.decode()


@override_settings(COMMENTS_EDIT_SECONDS=15 * 60)
def test_editing_after_the_window_is_refused(client, article):
    link = author_link(post(client, article))
    Comment.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=16))
    comment = Comment.objects.get()
    response = edit(client, comment.pk, token_of(link), "Too late")
    assert response.status_code == 403 and "can no longer be changed" in response.content.decode()
    assert Comment.objects.get().text != "Too late"


def test_a_token_for_another_comment_or_a_forged_one_cannot_edit(client, article):
    mine = author_link(post(client, article, comment="Mine"))
    other = make_comment(article, text="Not mine")
    assert edit(client, other.pk, token_of(mine), "Hijacked").status_code == 403
    assert edit(client, other.pk, "1:forged:sig", "Hijacked").status_code == 403
    assert Comment.objects.get(pk=other.pk).text == "Not mine"


def test_an_edit_from_another_site_is_refused(client, article):
    link = author_link(post(client, article))
    comment = Comment.objects.get()
    response = edit(client, comment.pk, token_of(link), "Forged", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and Comment.objects.get().text != "Forged"


@override_settings(COMMENTS_MODERATION="approve-all")
def test_an_edit_adding_links_sends_an_approved_comment_back_to_moderation(client, article):
    link = author_link(post(client, article))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    edit(client, comment.pk, token_of(link), "https://a.example https://b.example www.c.example")
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert Article.objects.get(pk=article.pk).comment_count == 0


def test_an_empty_edit_re_renders_with_a_message(client, article):
    link = author_link(post(client, article))
    response = edit(client, Comment.objects.get().pk, token_of(link), "   ")
    assert response.status_code == 400 and "Please write a comment." in response.content.decode()


def test_the_author_deletes_their_comment(client, article, changes):
    link = author_link(post(client, article))
    comment = Comment.objects.get()
    response = delete(client, comment.pk, token_of(link))
    assert response.status_code == 200 and "Your comment was deleted" in response.content.decode()
    assert not Comment.objects.exists() and changes == [article.pk]


def test_deleting_a_comment_with_replies_leaves_an_empty_marker(client, article):
    link = author_link(post(client, article))
    comment = Comment.objects.get()
    Comment.objects.update(status=Comment.Status.APPROVED)
    make_comment(article, parent=comment, text="A reply")
    delete(client, comment.pk, token_of(link))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.TRASH and comment.text == "" and comment.email == ""
    assert comment.ip_address is None
    html = client.get(article.get_absolute_url()).content.decode()
    assert "This comment was deleted." in html and "A reply" in html


def test_approving_and_unapproving_updates_the_count_and_tells_page_caches(article, changes):
    comment = make_comment(article, status=Comment.Status.PENDING)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.moderate([comment], Comment.Status.APPROVED)
    assert Article.objects.get(pk=article.pk).comment_count == 1 and changes == [article.pk]
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.moderate([comment], Comment.Status.SPAM)
    assert Article.objects.get(pk=article.pk).comment_count == 0 and changes == [article.pk] * 2


def test_moderating_pending_to_spam_changes_nothing_readers_see(article, changes):
    comment = make_comment(article, status=Comment.Status.PENDING)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.moderate([comment], Comment.Status.SPAM)
    assert changes == []


def test_updating_the_count_does_not_touch_the_articles_update_time(article):
    before = Article.objects.get(pk=article.pk).updated_at
    make_comment(article)
    services.refresh_article(article.pk)
    after = Article.objects.get(pk=article.pk)
    assert after.comment_count == 1 and after.updated_at == before


def test_comments_close_after_the_configured_days(client):
    from newsdesk.publishing.tests.factories import make_article

    old = make_article(days_ago=20)
    with override_settings(COMMENTS_CLOSE_AFTER_SECONDS=14 * 86400):
        html = client.get(old.get_absolute_url()).content.decode()
        response = post(client, old)
    assert "Comments are closed." in html and "Leave a reply" not in html
    assert response.status_code == 403 and "closed" in response.content.decode()
    assert post(client, old).status_code == 302


def test_editors_close_and_reopen_comments_by_hand(client, article, changes):
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.set_discussion_mode([article], Discussion.Mode.CLOSED)
    assert changes == [article.pk]
    assert "Comments are closed." in client.get(article.get_absolute_url()).content.decode()
    assert post(client, article).status_code == 403
    with override_settings(COMMENTS_CLOSE_AFTER_SECONDS=0.5 * 86400):
        services.set_discussion_mode([article], Discussion.Mode.OPEN)
        assert post(client, article).status_code == 302


def test_the_reply_page_of_a_closed_article_says_so(client, article):
    parent = make_comment(article)
    services.set_discussion_mode([article], Discussion.Mode.CLOSED)
    response = client.get(f"/en/comments/{article.pk}/reply/{parent.pk}/")
    assert response.status_code == 403


def test_unsubscribing_asks_once_then_stops_every_reply_notification(article):
    first = make_comment(article, email="ann@example.org", notify_replies=True)
    make_comment(article, email="ann@example.org", notify_replies=True)
    from newsdesk.comments.tokens import unsubscribe_token

    client = Client()
    url = f"/en/comments/unsubscribe/{unsubscribe_token(first)}/"
    page = client.get(url)
    assert page.status_code == 200 and "Unsubscribe" in page.content.decode()
    assert Comment.objects.filter(notify_replies=True).count() == 2
    # RFC 8058: the mail program posts "List-Unsubscribe=One-Click" from its own servers.
    response = client.post(url, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "unsubscribed" in response.content.decode()
    assert not Comment.objects.filter(notify_replies=True).exists()
    assert client.get("/en/comments/unsubscribe/forged/").status_code == 404


def test_the_author_link_page_is_private_even_with_a_bad_token(client, article):
    response = client.get(f"{article.get_absolute_url()}?c=whatever")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_an_edit_never_promotes_a_comment_filed_as_spam(client, article):
    link = author_link(post(client, article, subject="honeypot filled"))
    comment = Comment.objects.get()
    edit(client, comment.pk, token_of(link), "https://a.example https://b.example www.c.example")
    assert Comment.objects.get().status == Comment.Status.SPAM
