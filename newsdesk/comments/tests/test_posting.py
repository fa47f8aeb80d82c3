"""A reader posts a comment: the form, the author's pending view, the moderation policy."""

import re

import pytest
from django.test import override_settings

from newsdesk.comments.models import Comment
from newsdesk.comments.tests.conftest import (
    author_link,
    form_data,
    make_comment,
    own_comment_id,
    post,
)
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_article_page_has_the_reply_form_with_required_marks_and_email_notice(client, article):
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    section = html[html.index('<section id="comments"'):]
    assert "Leave a reply" in section
    assert "Your email address will not be published." in section
    assert "Required fields are marked" in section
    for field in ("comment", "name", "email"):
        assert re.search(rf'<label for="comment-{field}">[^<]+ <span class="required">\*</span>',
                         section)
    assert '<label for="comment-website">Website</label>' in section
    assert "Notify me of replies by email" in section
    assert 'data-comments-remember data-consent-category="functional" hidden' in section
    assert f'action="/en/comments/{article.pk}/post/"' in section


def test_reading_the_form_sets_no_cookie_and_carries_no_csrf_token(client, article):
    response = client.get(article.get_absolute_url())
    assert response.cookies == {}
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Cache-Control" not in response or "private" not in response["Cache-Control"]


def test_the_form_speaks_chinese_on_chinese_pages(client, article):
    html = client.get(f"/zh-hans{article.get_absolute_url()[3:]}").content.decode()
    assert "发表评论" in html and "您的电子邮箱地址不会被公开。" in html


def test_posting_sends_the_author_back_to_their_pending_comment_only_they_see(client, article):
    response = post(client, article, comment="First! <b>bold</b>")
    link = author_link(response)
    assert link.startswith(article.get_absolute_url() + "?c=")
    comment = Comment.objects.get()
    assert link.endswith(f"#comment-{comment.pk}")
    assert comment.status == Comment.Status.PENDING and response.cookies == {}

    mine = client.get(link)
    html = mine.content.decode()
    assert mine["Cache-Control"] == "private, no-store"
    assert "awaiting moderation" in html and "First! &lt;b&gt;bold&lt;/b&gt;" in html
    assert f'id="comment-{comment.pk}"' in html
    assert "ann@example.org" not in html

    others = client.get(article.get_absolute_url()).content.decode()
    assert "First!" not in others and f'id="comment-{comment.pk}"' not in others


def test_a_forged_or_foreign_author_token_shows_nothing(client, article):
    other = make_article("Another story")
    post(client, other, comment="Hidden words")
    url = article.get_absolute_url()
    assert "Hidden words" not in client.get(f"{url}?c=forged").content.decode()
    foreign = author_link(post(client, other, comment="Other hidden words",
                               email="x@example.org")).split("?")[1].split("#")[0]
    assert "Other hidden words" not in client.get(f"{url}?{foreign}").content.decode()


def test_first_time_commenters_wait_and_known_emails_are_published_at_once(client, article):
    post(client, article, comment="Hello")
    assert Comment.objects.get().status == Comment.Status.PENDING
    Comment.objects.update(status=Comment.Status.APPROVED)
    post(client, article, comment="Hello again", email="ANN@example.org")
    assert Comment.objects.get(text="Hello again").status == Comment.Status.APPROVED


@override_settings(COMMENTS_MODERATION="hold-all")
def test_hold_all_holds_even_known_commenters(client, article):
    make_comment(article, email="ann@example.org")
    post(client, article)
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


@override_settings(COMMENTS_MODERATION="approve-all")
def test_approve_all_publishes_at_once_and_counts_the_comment(client, article):
    link = author_link(post(client, article, comment="Straight in"))
    article.refresh_from_db()
    assert article.comment_count == 1
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Straight in" in html and "1 comment" in html
    assert "awaiting moderation" not in client.get(link).content.decode()


@override_settings(COMMENTS_MODERATION="approve-all")
def test_website_links_the_name_with_nofollow_ugc_and_the_email_never_appears(client, article):
    post(client, article, website="example.net/me", name="Wen")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://example.net/me" rel="nofollow ugc noopener">Wen</a>' in html
    assert "ann@example.org" not in html and "ann%40example.org" not in html


@pytest.mark.parametrize("missing, message", [
    ("comment", "Please write a comment."),
    ("name", "Please enter your name."),
    ("email", "Please enter your email address."),
])
def test_missing_fields_re_render_the_form_with_the_typed_text_kept(client, article, missing,
                                                                   message):
    fields = {"comment": "Kept text", "name": "Kept name", "email": "kept@example.org",
              missing: ""}
    response = post(client, article, **fields)
    html = response.content.decode()
    assert response.status_code == 400 and response["Cache-Control"] == "private, no-store"
    assert message in html and 'aria-invalid="true"' in html
    for value in fields.values():
        if value:
            assert value in html
    assert not Comment.objects.exists()


def test_form_errors_are_in_the_readers_language(client, article):
    response = post(client, article, lang="zh-hans", email="not-an-email")
    html = response.content.decode()
    assert response.status_code == 400 and "请输入有效的电子邮箱地址" in html


@pytest.mark.parametrize("website", [
    "javascript:alert(1)", "data:text/html,hi", "ftp://example.org", "http://", "not a url",
])
def test_websites_must_be_web_addresses(client, article, website):
    response = post(client, article, website=website)
    assert response.status_code == 400 and not Comment.objects.exists()
    assert "Please enter a web address" in response.content.decode()


def test_replies_are_threaded_under_their_parent(client, article):
    parent = make_comment(article, text="Parent words")
    reply = make_comment(article, text="Reply words", parent=parent)
    html = client.get(article.get_absolute_url()).content.decode()
    parent_at = html.index(f'id="comment-{parent.pk}"')
    children_at = html.index('class="comment-children"', parent_at)
    assert children_at < html.index(f'id="comment-{reply.pk}"')
    assert f'data-reply-to="{parent.pk}"' in html
    assert f'href="/en/comments/{article.pk}/reply/{parent.pk}/#respond"' in html


def test_a_reply_posted_to_an_approved_comment_gets_its_parent(client, article):
    parent = make_comment(article)
    post(client, article, parent=str(parent.pk))
    assert Comment.objects.latest("pk").parent == parent


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM])
def test_replying_to_a_comment_readers_cannot_see_is_refused(client, article, status):
    hidden = make_comment(article, status=status)
    response = post(client, article, parent=str(hidden.pk))
    assert response.status_code == 400
    assert "no longer available" in response.content.decode()


@override_settings(COMMENTS_THREAD_DEPTH=3)
def test_replies_below_the_thread_depth_sit_beside_their_parent(client, article):
    top = make_comment(article)
    second = make_comment(article, parent=top)
    third = make_comment(article, parent=second)
    post(client, article, parent=str(third.pk))
    assert Comment.objects.latest("pk").parent == second
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'data-reply-to="{second.pk}"' in html and f'data-reply-to="{third.pk}"' not in html


@override_settings(COMMENTS_THREAD_DEPTH=1)
def test_depth_one_means_a_flat_discussion_without_reply_links(client, article):
    top = make_comment(article)
    post(client, article, parent=str(top.pk))
    assert Comment.objects.latest("pk").parent is None
    assert "comment-reply-link" not in client.get(article.get_absolute_url()).content.decode()


def test_the_no_javascript_reply_page_quotes_the_parent_and_carries_it(client, article):
    parent = make_comment(article, text="Quoted <words>", name="Cai")
    response = client.get(f"/en/comments/{article.pk}/reply/{parent.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and response.cookies == {}
    assert "Quoted &lt;words&gt;" in html and "Cai" in html
    assert f'name="parent" value="{parent.pk}"' in html


def test_oldest_comments_come_first_by_default_and_newest_when_configured(client, article):
    old = make_comment(article, text="Older comment")
    new = make_comment(article, text="Newer comment")
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index(f"comment-{old.pk}") < html.index(f"comment-{new.pk}")
    with override_settings(COMMENTS_ORDER="newest"):
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.index(f'id="comment-{new.pk}"') < html.index(f'id="comment-{old.pk}"')


def test_comment_count_is_shown_on_the_article_and_in_listings(client, article):
    for _ in range(3):
        make_comment(article)
    from newsdesk.comments.services import refresh_article

    refresh_article(article.pk)
    assert "3 comments" in client.get("/en/").content.decode()
    assert '<h2 id="comments-heading">3 comments</h2>' in client.get(
        article.get_absolute_url()).content.decode()


def test_a_deleted_comment_with_replies_stays_as_a_marker(client, article):
    parent = make_comment(article, status=Comment.Status.TRASH, text="Gone words")
    make_comment(article, parent=parent, text="Still here")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "This comment was deleted." in html and "Still here" in html
    assert "Gone words" not in html


def test_dates_carry_machine_readable_times_for_relative_display(client, article):
    comment = make_comment(article)
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(rf'href="#comment-{comment.pk}"><time datetime="\d{{4}}-\d\d-\d\dT[^"]+" '
                     r"data-relative>", html)


def test_initials_avatars_are_drawn_locally(client, article):
    make_comment(article, name="Mara Lindqvist", email="mara@example.org")
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<span class="avatar avatar--\d" aria-hidden="true">ML</span>', html)
    assert "gravatar" not in html.lower()


def test_unknown_and_unpublished_articles_cannot_be_commented(client):
    draft = make_article(status=Article.Status.DRAFT)
    response = post(client, draft)
    assert response.status_code == 404 and "cannot be commented on" in response.content.decode()
    response = client.post("/en/comments/999999/post/", form_data(draft))
    assert response.status_code == 404


def test_get_on_the_post_address_is_not_allowed(client, article):
    assert client.get(f"/en/comments/{article.pk}/post/").status_code == 405


def test_the_token_endpoint_gives_a_fresh_private_token(client, article):
    response = client.get(f"/en/comments/{article.pk}/token/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response.json()["token"] and response.cookies == {}
    assert client.get("/en/comments/999999/token/").status_code == 404


def test_own_comment_id_helper_reads_the_permalink(client, article):
    assert own_comment_id(post(client, article)) == Comment.objects.get().pk


def test_a_stored_website_that_is_not_a_web_address_is_never_linked(client, article):
    make_comment(article, name="Imported", website="javascript:alert(1)")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "javascript:" not in html and "Imported" in html


def test_the_rate_limit_applies_to_bots_too(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = 1
    post(client, article, subject="bot", comment="one")
    assert post(client, article, subject="bot", comment="two").status_code == 429
