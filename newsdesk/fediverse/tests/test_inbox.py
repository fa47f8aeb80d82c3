"""The inbox: follows, replies into moderation, likes and boosts; every bad request refused."""

import datetime
import json
from email.utils import format_datetime

import pytest
from django.utils import timezone

from newsdesk.fediverse import signatures
from newsdesk.fediverse.models import (
    BlockedDomain,
    Delivery,
    Follower,
    Interaction,
    RemoteActor,
    Reply,
)
from newsdesk.fediverse.tests.conftest import REMOTE

pytestmark = pytest.mark.django_db
MARA = "http://127.0.0.1:8000/fediverse/users/mara"
INBOX = "/fediverse/users/mara/inbox"


def follow():
    return {"id": REMOTE + "/follows/1", "type": "Follow", "actor": REMOTE, "object": MARA}


def reply_to(story, number=1, text="<p>Good reporting, <b>thanks</b>.</p>"):
    note = {"id": f"{REMOTE}/statuses/{number}", "type": "Note", "attributedTo": REMOTE,
            "inReplyTo": f"http://127.0.0.1:8000/fediverse/stories/{story.pk}",
            "content": text, "url": f"https://social.example/@alice/{number}"}
    return {"id": note["id"] + "/activity", "type": "Create", "actor": REMOTE, "object": note}


def comments():
    from newsdesk.comments.models import Comment

    return Comment.objects.all()


def test_a_follow_is_kept_and_answered_with_a_signed_accept(inbox, story):
    response = inbox.post(INBOX, follow())
    assert response.status_code == 202, response.content
    assert Follower.objects.get().local == f"author:{story.authors.get().pk}"
    accept = Delivery.objects.get()
    assert accept.activity["type"] == "Accept" and accept.inbox == REMOTE + "/inbox"
    assert accept.activity["object"]["id"] == REMOTE + "/follows/1"


def test_undo_follow_removes_the_follower(inbox, story):
    inbox.post(INBOX, follow())
    inbox.post(INBOX, {"id": REMOTE + "/undo/1", "type": "Undo", "actor": REMOTE,
                       "object": follow()})
    assert not Follower.objects.exists()


def test_publishing_goes_to_followers_once_per_shared_inbox(inbox, story, remote_keys,
                                                            django_capture_on_commit_callbacks):
    inbox.post(INBOX, follow())
    RemoteActor.objects.create(uri="https://social.example/users/bob", domain="social.example",
                               inbox="https://social.example/users/bob/inbox",
                               shared_inbox="https://social.example/inbox",
                               key_id="https://social.example/users/bob#main-key",
                               public_pem=remote_keys[1])
    Follower.objects.create(local=f"author:{story.authors.get().pk}",
                            actor=RemoteActor.objects.get(username=""))
    Delivery.objects.all().delete()
    from newsdesk.publishing.models import Article

    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.create(title="New ferry timetable", body="Times.",
                                         status="published")
        article.authors.add(story.authors.get())
        article.save()
    kinds = [(d.activity["type"], d.inbox) for d in Delivery.objects.order_by("pk")]
    assert ("Create", "https://social.example/inbox") in kinds
    assert len([k for k in kinds if k == ("Create", "https://social.example/inbox")]) == 1


def test_a_reply_lands_in_the_moderation_queue_marked_and_linked(inbox, story):
    response = inbox.post(INBOX, reply_to(story))
    assert response.status_code == 202, response.content
    comment = comments().get()
    assert comment.status == "pending" and comment.article == story
    assert comment.name == "@alice@social.example"
    assert comment.text == "Good reporting, thanks."
    assert "fediverse" in comment.spam_reason
    assert "https://social.example/@alice/1" in comment.spam_reason
    assert Reply.objects.get().comment_id == comment.pk
    # The same reply delivered again is one comment.
    inbox.post(INBOX, {**reply_to(story), "id": REMOTE + "/statuses/1/again"})
    assert comments().count() == 1


def test_likes_and_boosts_are_counted_apart_from_the_sites_own_likes(inbox, story):
    target = f"http://127.0.0.1:8000/fediverse/stories/{story.pk}"
    inbox.post("/fediverse/inbox", {"id": REMOTE + "/likes/1", "type": "Like", "actor": REMOTE,
                                    "object": target})
    inbox.post("/fediverse/inbox", {"id": REMOTE + "/boosts/1", "type": "Announce",
                                    "actor": REMOTE, "object": target})
    assert sorted(Interaction.objects.values_list("kind", flat=True)) == ["boost", "like"]
    story.refresh_from_db()
    assert story.like_count == 0
    inbox.post("/fediverse/inbox", {"id": REMOTE + "/undo/2", "type": "Undo", "actor": REMOTE,
                                    "object": {"id": REMOTE + "/likes/1", "type": "Like"}})
    assert list(Interaction.objects.values_list("kind", flat=True)) == ["boost"]


def refused(response, status):
    assert response.status_code == status, response.content
    assert not comments().exists() and not Reply.objects.exists()


def test_an_unsigned_reply_is_refused(inbox, story):
    refused(inbox.post(INBOX, reply_to(story), sign=False), 401)


def test_a_forged_activity_signed_with_another_key_is_refused(inbox, story):
    forger = signatures.new_key_pair()[0]
    inbox.private_pem = forger
    refused(inbox.post(INBOX, reply_to(story)), 401)


def test_a_body_changed_after_signing_is_refused(inbox, story):
    signed = json.dumps(reply_to(story)).encode()
    headers = signatures.sign("POST", f"http://testserver{INBOX}", REMOTE + "#main-key",
                              inbox.private_pem, body=signed)
    tampered = json.dumps(reply_to(story, text="<p>Buy pills</p>")).encode()
    refused(inbox.post(INBOX, None, body=tampered, sign=False, headers=headers), 401)


def test_a_stale_signature_is_refused(inbox, story, monkeypatch):
    old = timezone.now() - datetime.timedelta(hours=1)
    monkeypatch.setattr(signatures.timezone, "now", lambda: old)
    body = json.dumps(reply_to(story)).encode()
    headers = signatures.sign("POST", f"http://testserver{INBOX}", REMOTE + "#main-key",
                              inbox.private_pem, body=body)
    monkeypatch.undo()
    assert format_datetime(old, usegmt=True) == headers["Date"]
    refused(inbox.post(INBOX, None, body=body, sign=False, headers=headers), 401)


def test_a_replayed_request_is_refused(inbox, story):
    body = json.dumps(reply_to(story)).encode()
    headers = signatures.sign("POST", f"http://testserver{INBOX}", REMOTE + "#main-key",
                              inbox.private_pem, body=body)
    assert inbox.post(INBOX, None, body=body, sign=False, headers=headers).status_code == 202
    comments().delete()
    Reply.objects.all().delete()
    refused(inbox.post(INBOX, None, body=body, sign=False, headers=headers), 401)


def test_an_activity_signed_by_someone_else_than_its_actor_is_refused(inbox, story):
    activity = reply_to(story)
    activity["actor"] = activity["object"]["attributedTo"] = "https://social.example/users/eve"
    RemoteActor.objects.create(uri=activity["actor"], domain="social.example",
                               inbox=activity["actor"] + "/inbox", key_id="x",
                               public_pem=RemoteActor.objects.get().public_pem)
    refused(inbox.post(INBOX, activity), 401)


def test_an_actor_that_cannot_be_fetched_is_refused(inbox, story, settings):
    settings.NEWSDESK_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.FEDIVERSE_TIMEOUT_SECONDS = 1
    activity = reply_to(story)
    activity["actor"] = "http://127.0.0.1:9/users/nobody"
    refused(inbox.post(INBOX, activity, key_id="http://127.0.0.1:9/users/nobody#main-key"), 401)


def test_a_blocked_server_is_refused(inbox, story):
    BlockedDomain.objects.create(domain="Example")  # subdomains too, whatever the case
    refused(inbox.post(INBOX, reply_to(story)), 403)


def test_huge_and_malformed_activities_are_refused(inbox, story, settings):
    settings.FEDIVERSE_MAX_ACTIVITY_BYTES = 2048
    huge = reply_to(story, text="<p>" + "x" * 5000 + "</p>")
    refused(inbox.post(INBOX, huge), 413)
    settings.FEDIVERSE_MAX_ACTIVITY_BYTES = 256 * 1024
    refused(inbox.post(INBOX, None, body=b"{not json"), 400)
    refused(inbox.post(INBOX, None, body=b"[" * 1500 + b"]" * 1500), 400)
    refused(inbox.post(INBOX, {"type": "Create"}), 400)
    refused(inbox.post(INBOX, {"type": "Create", "actor": REMOTE, "object": "nonsense"}), 202)
    refused(inbox.post(INBOX, {"type": "Create", "actor": REMOTE, "object": {
        "id": REMOTE + "/x", "attributedTo": REMOTE, "inReplyTo": ["not", "a", "url"]}}), 202)
