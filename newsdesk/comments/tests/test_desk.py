"""The moderation desk: queues with counts, buttons per row, bulk acts, all in the audit trail."""

import json
import re

import pytest
from django.test import TestCase

from newsdesk.comments import moderation
from newsdesk.comments.models import Comment
from newsdesk.comments.tests.conftest import make_comment
from newsdesk.security.models import AuditEntry

pytestmark = pytest.mark.django_db
Status = Comment.Status


def act(client, action, *comments, json_answer=True, **extra):
    headers = {"HTTP_ACCEPT": "application/json"} if json_answer else {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/admin/comments/comment/act/", {
            "action": action, "ids": [comment.pk for comment in comments], **extra}, **headers)


def test_the_back_office_home_shows_each_queue_with_its_count(admin_client, article):
    make_comment(article, status=Status.PENDING, spam_reason="first-time")
    make_comment(article, status=Status.PENDING, spam_reason="links")
    make_comment(article, status=Status.SPAM)
    make_comment(article, status=Status.REJECTED)
    make_comment(article, open_reports=1)
    page = admin_client.get("/admin/").content.decode()
    assert "Comments to moderate" in page
    for queue, count in {"pending": 1, "reported": 1, "held": 1, "approved": 1,
                         "rejected": 2}.items():
        assert f'data-count="{queue}">{count}</span>' in page, queue


def test_each_queue_shows_the_comment_in_its_thread_with_the_storys_title(admin_client, article):
    parent = make_comment(article, text="The timetable changed on Monday.")
    make_comment(article, parent=parent, status=Status.PENDING, spam_reason="first-time",
                 text="Nobody told the passengers.")
    page = admin_client.get("/admin/comments/comment/queue/pending/").content.decode()
    assert article.title in page
    assert "The timetable changed on Monday." in page and "Nobody told the passengers." in page
    for key in ("a", "r", "s", "f"):
        assert f'aria-keyshortcuts="{key}"' in page
    for name in ("pending", "reported", "held", "approved", "rejected"):
        assert admin_client.get(f"/admin/comments/comment/queue/{name}/").status_code == 200
    assert admin_client.get("/admin/comments/comment/queue/nonsense/").status_code == 404


def test_every_moderation_act_is_in_the_audit_trail(admin_client, admin_user, article):
    comments = [make_comment(article, status=Status.PENDING) for _ in range(4)]
    assert act(admin_client, "approve", comments[0]).json()["changed"] == 1
    act(admin_client, "reject", comments[1], reason="Off-topic.")
    act(admin_client, "spam", comments[2])
    act(admin_client, "feature", comments[0])
    act(admin_client, "unfeature", comments[0])
    act(admin_client, "approve", comments[3], json_answer=False)
    admin_client.post(f"/admin/comments/comment/{comments[3].pk}/moderate/", {"action": "trash"})
    moderation.ban(reason="x", email="ben@example.org", by=admin_user)
    moderation.lift_bans(list(moderation.Ban.objects.all()), by=admin_user)
    actions = list(AuditEntry.objects.filter(action__startswith="comment.").order_by("pk")
                   .values_list("action", flat=True))
    assert actions == ["comment.approve", "comment.reject", "comment.spam", "comment.feature",
                       "comment.unfeature", "comment.approve", "comment.trash", "comment.ban",
                       "comment.unban"]
    entry = AuditEntry.objects.get(action="comment.reject")
    assert entry.user == admin_user and entry.object_id == str(comments[1].pk)
    assert entry.details["reason"] == "Off-topic." and entry.details["from"] == "pending"


def test_a_status_changed_in_the_edit_form_and_bulk_actions_are_audited(admin_client, article):
    comments = [make_comment(article, status=Status.PENDING) for _ in range(3)]
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post("/admin/comments/comment/", {
            "action": "reject", "_selected_action": [comments[0].pk, comments[1].pk]})
    comment = comments[2]
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin_client.post(f"/admin/comments/comment/{comment.pk}/change/", {
            "name": comment.name, "email": comment.email, "website": "", "text": comment.text,
            "status": "approved", "reply": ""})
    assert Comment.objects.get(pk=comment.pk).status == Status.APPROVED
    assert AuditEntry.objects.filter(action="comment.reject").count() == 2
    assert AuditEntry.objects.filter(action="comment.approve", object_id=str(comment.pk)).exists()


def test_bulk_acts_act_on_every_selected_comment(admin_client, article):
    comments = [make_comment(article, status=Status.PENDING) for _ in range(5)]
    answer = act(admin_client, "approve", *comments[:3])
    assert sorted(answer.json()["done"]) == sorted(c.pk for c in comments[:3])
    assert answer.json()["counts"]["approved"] == 3
    assert Comment.objects.filter(status=Status.APPROVED).count() == 3


def test_acts_without_a_comment_or_with_an_unknown_action_say_so(admin_client, article):
    comment = make_comment(article, status=Status.PENDING)
    assert act(admin_client, "approve").status_code == 400
    assert act(admin_client, "obliterate", comment).status_code == 400
    assert act(admin_client, "approve", json_answer=False).status_code == 302
    assert admin_client.get("/admin/comments/comment/act/").status_code == 405
    assert Comment.objects.get().status == Status.PENDING


def test_only_moderators_reach_the_desk(client, article, django_user_model):
    staff = django_user_model.objects.create_user("intern", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/comments/comment/queue/").status_code == 403
    comment = make_comment(article, status=Status.PENDING)
    assert act(client, "approve", comment).status_code == 403


def test_a_featured_comment_shows_first_labelled_and_in_the_structured_data(
        client, admin_client, article):
    make_comment(article, text="First, and ordinary.")
    pick = make_comment(article, text="A careful account of the crossing.", respect_count=4)
    act(admin_client, "feature", pick)
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.index("A careful account") < page.index("First, and ordinary.")
    assert "Featured comments" in page and "comment-badge--featured" in page
    blocks = [json.loads(block) for block in
              re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)]
    picks = [block for block in blocks if block.get("comment")]
    assert picks and picks[0]["@id"].endswith("#article")
    assert picks[0]["comment"][0]["text"] == "A careful account of the crossing."
    assert picks[0]["comment"][0]["interactionStatistic"]["userInteractionCount"] == 4


def test_featuring_a_waiting_comment_approves_it(admin_client, article):
    comment = make_comment(article, status=Status.PENDING)
    act(admin_client, "feature", comment)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED and comment.featured_at is not None
