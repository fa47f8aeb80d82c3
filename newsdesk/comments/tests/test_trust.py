"""Trust by keyed email hash: history, trusted and held commenters, bans with a message."""

import datetime

import pytest
from django.test import Client, TestCase, override_settings
from django.utils import timezone

from newsdesk.comments import moderation, trust
from newsdesk.comments.identity import email_hash
from newsdesk.comments.models import Ban, Comment, Commenter
from newsdesk.comments.tests.conftest import make_comment, own_comment_id, post

pytestmark = pytest.mark.django_db
Status = Comment.Status


def posted(client, article, **fields):
    return Comment.objects.get(pk=own_comment_id(post(client, article, **fields)))


def test_history_is_kept_by_a_keyed_hash_and_counted_once_per_comment(article, admin_user):
    comment = make_comment(article, status=Status.PENDING, email="Ann@Example.org")
    assert comment.email_hash == email_hash("ann@example.org") and "ann" not in comment.email_hash
    for status in (Status.APPROVED, Status.REJECTED, Status.APPROVED, Status.APPROVED):
        moderation.moderate([comment], status, by=admin_user)
    history = Commenter.objects.get()
    assert (history.approved_count, history.rejected_count) == (1, 0)
    assert "ann" not in str(Commenter.objects.values_list().get())


@override_settings(COMMENTS_MODERATION="hold-all", COMMENTS_TRUSTED_AFTER=2)
def test_trusted_commenters_go_straight_through(client, article, admin_user):
    for _number in range(2):
        comment = make_comment(article, status=Status.PENDING, email="ann@example.org")
        moderation.moderate([comment], Status.APPROVED, by=admin_user)
    assert posted(client, article, comment="Third time.").status == Status.APPROVED
    assert posted(client, article, comment="Someone new.",
                  email="new@example.org").status == Status.PENDING


@override_settings(COMMENTS_MODERATION="approve-all", COMMENTS_HOLD_REJECTION_RATE=50,
                   COMMENTS_HOLD_MIN_DECISIONS=2)
def test_a_commenter_whose_rejection_rate_passes_the_threshold_is_held(client, article,
                                                                         admin_user):
    for status in (Status.APPROVED, Status.REJECTED):
        moderation.moderate([make_comment(article, status=Status.PENDING)], status, by=admin_user)
    comment = posted(client, article, comment="Again.", email="ben@example.org")
    assert comment.status == Status.PENDING and comment.spam_reason == "history"


def test_spam_filed_by_a_rule_alone_is_no_ones_history(client, article):
    post(client, article, subject="I am a bot", email="victim@example.org")
    assert Comment.objects.get().status == Status.SPAM
    assert trust.commenter("victim@example.org") is None or \
        trust.commenter("victim@example.org").rejected_count == 0


def test_a_banned_commenter_is_refused_with_the_bans_message_and_let_in_after_it_ends(
        client, article, admin_user):
    comment = make_comment(article, email="troll@example.org")
    ends = timezone.now() + datetime.timedelta(days=7)
    moderation.ban(reason="Repeated insults.", by=admin_user, comment=comment,
                   email=comment.email, expires_at=ends)
    assert Ban.objects.get().value == email_hash("troll@example.org")
    response = post(client, article, comment="Let me in.", email="troll@example.org")
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cannot comment on this site until" in page and "Repeated insults." in page
    assert "Let me in." in page  # the text is kept
    Ban.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert post(client, article, comment="Let me in.", email="troll@example.org").status_code \
        == 302


def test_a_ban_by_address_prefix_refuses_the_whole_network(client, article, admin_user):
    moderation.ban(reason="Spam from this network.", network="203.0.113.0/24", by=admin_user)
    refused = post(Client(REMOTE_ADDR="203.0.113.77"), article)
    assert refused.status_code == 403
    assert "a moderator has banned you. Reason: Spam from this network." in \
        refused.content.decode()
    assert post(Client(REMOTE_ADDR="198.51.100.7"), article).status_code == 302


def test_a_lifted_ban_lets_the_commenter_in(client, article, admin_user):
    made = moderation.ban(reason="Cool off.", email="ann@example.org", by=admin_user)
    assert post(client, article).status_code == 403
    moderation.lift_bans(made, by=admin_user)
    assert post(client, article).status_code == 302


def test_the_ban_form_bans_by_email_and_prefix_and_rejects_their_comments(
        admin_client, article):
    comment = make_comment(article, email="troll@example.org", ip_address="198.51.100.23")
    url = article.get_absolute_url()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin_client.post(f"/admin/comments/comment/{comment.pk}/ban/", {
            "reason": "Harassment.", "duration": "30", "by_email": "on", "by_network": "on",
            "reject_comments": "on"})
    assert response.status_code == 302
    assert set(Ban.objects.values_list("kind", "value")) == {
        ("email", email_hash("troll@example.org")), ("network", "198.51.100.0/24")}
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert f"comment-{comment.pk}" not in admin_client.get(url).content.decode()


def test_a_ban_form_without_a_reason_or_a_target_says_what_is_missing(admin_client, article):
    comment = make_comment(article)
    page = admin_client.post(f"/admin/comments/comment/{comment.pk}/ban/", {
        "reason": "", "duration": "7"}).content.decode()
    assert "Give the reason the commenter will be shown." in page
    assert "Ban by email address, by address prefix, or both." in page
    assert not Ban.objects.exists()


def test_a_ban_typed_in_the_back_office_stores_only_the_hash(admin_client):
    response = admin_client.post("/admin/comments/ban/add/", {
        "kind": "email", "value": "Troll@Example.org", "reason": "Insults.", "label": "T."})
    assert response.status_code == 302
    assert Ban.objects.get().value == email_hash("troll@example.org")
    bad = admin_client.post("/admin/comments/ban/add/", {
        "kind": "network", "value": "not an address", "reason": "x"})
    assert "Enter an address or a range" in bad.content.decode()


def test_personal_data_export_and_erasure_cover_history_reports_and_bans(article, admin_user):
    from newsdesk.comments import personal_data, reports
    from newsdesk.comments.models import Report

    comment = make_comment(article, status=Status.PENDING, email="ann@example.org")
    moderation.moderate([comment], Status.APPROVED, by=admin_user)
    other = make_comment(article, email="ben@example.org")
    reports.report_comment(other.pk, reason="spam", email="ann@example.org",
                           ip_address="198.51.100.1")
    moderation.ban(reason="Cool off.", email="ann@example.org", by=admin_user)
    exported = personal_data.export("ann@example.org")
    assert exported["history"]["approved_comments"] == 1
    assert exported["history"]["bans"][0]["reason"] == "Cool off."
    assert exported["reports_made"][0]["reason"] == "spam"
    personal_data.erase("ann@example.org")
    assert not Commenter.objects.filter(email_hash=email_hash("ann@example.org")).exists()
    assert Report.objects.get().email == "" and Comment.objects.get(pk=comment.pk).email_hash == ""
    assert Ban.objects.count() == 1  # kept, as a hash only
