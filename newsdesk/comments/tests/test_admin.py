"""Moderators in the back office: the queue, bulk decisions, replies, personal data."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.test import TestCase

from newsdesk.comments.models import BlocklistEntry, Comment, Discussion
from newsdesk.comments.tests.conftest import make_comment
from newsdesk.core.roles import AUTHOR, EDITOR
from newsdesk.publishing.models import Article

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


def staff(username, role):
    user = User.objects.create_user(username, f"{username}@newsroom.example",
                                    password=f"{username}-pass-123", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(staff("edna", EDITOR))
    return client


def act(client, action, comments, **extra):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(QUEUE + "?status=all", {
            "action": action, "_selected_action": [c.pk for c in comments], **extra,
        })


def test_editors_may_moderate_and_authors_may_not():
    editor, author = staff("edna", EDITOR), staff("arthur", AUTHOR)
    assert editor.has_perm("comments.moderate_comment")
    assert editor.has_perm("comments.change_blocklistentry")
    assert not editor.has_perm("comments.manage_personal_data")
    assert not author.has_perm("comments.view_comment")


def test_the_queue_opens_on_pending_comments(editor_client, article):
    make_comment(article, status=Comment.Status.PENDING, text="Waiting words")
    make_comment(article, status=Comment.Status.APPROVED, text="Published words")
    html = editor_client.get(QUEUE).content.decode()
    assert "Waiting words" in html and "Published words" not in html
    html = editor_client.get(QUEUE + "?status=all").content.decode()
    assert "Waiting words" in html and "Published words" in html
    html = editor_client.get(QUEUE + "?links=yes&status=all").content.decode()
    assert "Waiting words" not in html


def test_bulk_approve_publishes_and_counts(editor_client, client, article):
    comments = [make_comment(article, status=Comment.Status.PENDING) for _ in range(3)]
    response = act(editor_client, "approve", comments)
    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved"}
    assert Article.objects.get(pk=article.pk).comment_count == 3
    assert comments[0].text in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("action, status", [("mark_spam", "spam"), ("move_to_trash", "trash")])
def test_bulk_spam_and_trash(editor_client, article, action, status):
    comments = [make_comment(article) for _ in range(2)]
    act(editor_client, action, comments)
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    assert Article.objects.get(pk=article.pk).comment_count == 0


def test_blocking_senders_adds_their_emails_and_files_the_comments_as_spam(editor_client, article):
    comment = make_comment(article, email="spammer@spam.example", status="pending")
    act(editor_client, "block_senders", [comment])
    assert BlocklistEntry.objects.filter(kind="email", value="spammer@spam.example").exists()
    assert Comment.objects.get().status == "spam"


def test_reply_as_editor_approves_the_comment_and_publishes_the_reply(editor_client, article):
    comment = make_comment(article, status=Comment.Status.PENDING, name="Reader")
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = editor_client.post(f"{QUEUE}{comment.pk}/change/", {
            "name": "Reader", "email": comment.email, "website": "", "text": comment.text,
            "status": "pending", "reply": "Thanks, we corrected the timetable.",
        })
    assert response.status_code == 302, response.content.decode()[:3000]
    reply = Comment.objects.get(parent=comment)
    assert reply.status == Comment.Status.APPROVED and reply.user.username == "edna"
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.APPROVED
    assert Article.objects.get(pk=article.pk).comment_count == 2
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Thanks, we corrected the timetable." in html and "comment-badge" in html
    assert "edna@newsroom.example" not in html


def test_changing_the_status_in_the_form_updates_the_count(editor_client, article):
    comment = make_comment(article, status=Comment.Status.PENDING)
    with TestCase.captureOnCommitCallbacks(execute=True):
        editor_client.post(f"{QUEUE}{comment.pk}/change/", {
            "name": comment.name, "email": comment.email, "website": "", "text": comment.text,
            "status": "approved", "reply": "",
        })
    assert Article.objects.get(pk=article.pk).comment_count == 1


def test_the_moderation_link_from_the_email_shows_the_comment_and_decides(editor_client, article):
    comment = make_comment(article, status=Comment.Status.PENDING, text="Needs a look")
    page = editor_client.get(f"{QUEUE}{comment.pk}/moderate/?action=approve")
    html = page.content.decode()
    assert page.status_code == 200 and "Needs a look" in html
    assert 'value="approve" class="button default" autofocus' in html
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = editor_client.post(f"{QUEUE}{comment.pk}/moderate/", {"action": "approve"})
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_the_moderation_link_needs_a_signed_in_moderator(client, article):
    comment = make_comment(article, status=Comment.Status.PENDING)
    response = client.get(f"{QUEUE}{comment.pk}/moderate/?action=approve")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(staff("arthur", AUTHOR))
    assert client.post(f"{QUEUE}{comment.pk}/moderate/", {"action": "approve"}).status_code == 403
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_personal_data_actions_are_for_administrators(editor_client, admin_client, article):
    comment = make_comment(article, email="ann@example.org")
    response = act(editor_client, "export_personal_data", [comment])
    assert response.status_code == 302  # the action is not offered: nothing exported
    response = admin_client.post(QUEUE + "?status=all", {
        "action": "export_personal_data", "_selected_action": [comment.pk],
    })
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["email"] == "ann@example.org" and data["comments"][0]["text"] == comment.text


def test_erasing_from_the_admin_asks_first_then_erases(admin_client, article):
    comment = make_comment(article, email="ann@example.org", ip_address="203.0.113.9")
    selection = {"action": "erase_personal_data", "_selected_action": [comment.pk]}
    page = admin_client.post(QUEUE + "?status=all", selection)
    assert page.status_code == 200 and "ann@example.org" in page.content.decode()
    assert Comment.objects.get().email == "ann@example.org"
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post(QUEUE + "?status=all", {**selection, "confirm": "yes"})
    comment.refresh_from_db()
    assert (comment.email, comment.name, comment.ip_address) == ("", "", None)
    assert comment.text


def test_closing_comments_from_the_article_list(editor_client, article):
    response = editor_client.post("/admin/publishing/article/", {
        "action": "comments_closed", "_selected_action": [article.pk],
    })
    assert response.status_code == 302
    assert Discussion.objects.get(article=article).mode == Discussion.Mode.CLOSED


def test_readers_comments_cannot_be_added_by_hand_in_the_admin(editor_client):
    assert editor_client.get(QUEUE + "add/").status_code == 403


def test_deleting_in_the_admin_keeps_replies(editor_client, article):
    parent = make_comment(article)
    reply = make_comment(article, parent=parent)
    with TestCase.captureOnCommitCallbacks(execute=True):
        editor_client.post(f"{QUEUE}{parent.pk}/delete/", {"post": "yes"})
    assert Comment.objects.filter(pk=reply.pk).exists()
    assert Comment.objects.get(pk=parent.pk).status == Comment.Status.TRASH
