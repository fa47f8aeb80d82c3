"""Readers' reports: no account, no cookie, from cached pages, rate-limited, kept with decisions."""

import csv
import io

import pytest
from django.core import mail
from django.test import Client, TestCase, override_settings

from newsdesk.comments import moderation
from newsdesk.comments.models import Comment, Report
from newsdesk.comments.tests.conftest import make_comment
from newsdesk.pagecache.tests.conftest import app, call  # noqa: F401  (the real WSGI stack)

pytestmark = pytest.mark.django_db
Status = Comment.Status


def report(comment, address="198.51.100.1", json=False, **fields):
    data = {"reason": "abuse", **fields}
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return Client(REMOTE_ADDR=address).post(
            f"/en/comments/report/{comment.pk}/", {k: v for k, v in data.items() if v is not None},
            **headers)


def test_every_comment_has_a_report_link_that_opens_a_form_without_a_cookie(client, article):
    comment = make_comment(article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="/en/comments/report/{comment.pk}/"' in page
    form = client.get(f"/en/comments/report/{comment.pk}/")
    assert form.status_code == 200 and not form.cookies
    assert "Illegal content" in form.content.decode()
    assert "no-store" in form["Cache-Control"]


@override_settings(COMMENTS_REPORT_HIDE_AFTER=3)
def test_a_report_on_a_cached_page_reaches_the_reported_queue_and_three_hide_the_comment(
        app, article):  # noqa: F811
    comment = make_comment(article, text="You are all idiots and should leave.")
    url = article.get_absolute_url()
    assert call(app, url).headers["x-cache"] == "MISS"
    cached = call(app, url)
    assert cached.headers["x-cache"] == "HIT" and f"comment-{comment.pk}" in cached.text

    assert report(comment, reason="abuse", explanation="Insults readers.").status_code == 200
    stored = Report.objects.get()
    assert (stored.reason, stored.explanation, stored.decision) == ("abuse", "Insults readers.",
                                                                    "open")
    assert comment.pk in moderation.queue("reported").values_list("pk", flat=True)
    assert moderation.queue_counts()["reported"] == 1
    assert f'id="comment-{comment.pk}"' in call(app, url).text  # still shown: one report

    report(comment, address="198.51.100.2", reason="spam")
    report(comment, address="2001:db8::1", reason="off_topic")
    comment.refresh_from_db()
    assert comment.status == Status.PENDING and comment.spam_reason == "reports"
    page = call(app, url)
    assert page.headers["x-cache"] == "MISS"  # the hiding invalidated the cached page
    assert f'id="comment-{comment.pk}"' not in page.text
    assert comment.pk in moderation.queue("reported").values_list("pk", flat=True)
    assert comment.pk not in moderation.queue("held").values_list("pk", flat=True)


def test_one_reader_counts_once_however_often_they_report(article):
    comment = make_comment(article)
    assert report(comment).status_code == 200
    again = report(comment, json=True)
    assert again.status_code == 200 and "already" in again.json()["title"]
    # the same IPv6 /64 is one reader
    report(comment, address="2001:db8::1")
    assert report(comment, address="2001:db8::2", json=True).json()["title"].count("already")
    assert Report.objects.count() == 2


def test_a_report_without_a_reason_is_refused_with_a_message(article):
    comment = make_comment(article)
    response = report(comment, reason=None)
    assert response.status_code == 400
    assert "Please choose why you are reporting this comment." in response.content.decode()
    as_json = report(comment, reason=None, json=True)
    assert as_json.status_code == 400 and "reason" in as_json.json()["errors"]
    assert report(comment, reason="nonsense", json=True).status_code == 400
    assert not Report.objects.exists()


def test_illegal_content_needs_an_explanation_and_good_faith(article):
    comment = make_comment(article)
    response = report(comment, reason="illegal", json=True)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"explanation", "good_faith"}
    ok = report(comment, reason="illegal", explanation="Defamation of a named person.",
                good_faith="on", json=True)
    assert ok.status_code == 200 and ok.json()["ok"]
    assert Report.objects.get().explanation == "Defamation of a named person."


def test_a_report_of_a_comment_that_is_gone_says_so(article):
    comment = make_comment(article)
    comment_id = comment.pk
    comment.delete()
    assert Client().get(f"/en/comments/report/{comment_id}/").status_code == 404
    response = Client().post(f"/en/comments/report/{comment_id}/", {"reason": "spam"})
    assert response.status_code == 404
    assert "no longer in the discussion" in response.content.decode()
    rejected = make_comment(article, status=Status.REJECTED)
    assert report(rejected).status_code == 404
    assert Client().post("/en/comments/report/99999999/", {"reason": "spam"}).status_code == 404


@override_settings(COMMENTS_REPORT_RATE_LIMIT=3)
def test_a_report_flood_from_one_address_is_refused_after_the_limit(article):
    comments = [make_comment(article) for _ in range(5)]
    answers = [report(comment, address="203.0.113.9").status_code for comment in comments]
    assert answers == [200, 200, 200, 429, 429]
    assert Report.objects.count() == 3
    refused = report(comments[4], address="203.0.113.9")
    assert refused["Retry-After"] == "3600" and "Too many reports" in refused.content.decode()
    assert report(comments[4], address="203.0.113.10").status_code == 200


def test_a_report_from_another_site_is_refused(article):
    comment = make_comment(article)
    response = Client(REMOTE_ADDR="198.51.100.1").post(
        f"/en/comments/report/{comment.pk}/", {"reason": "spam"},
        HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and not Report.objects.exists()


def test_the_reporter_is_told_of_receipt_and_outcome_with_the_reason(article, admin_user):
    comment = make_comment(article)
    report(comment, email="reader@example.org", reason="abuse")
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
    assert "We received your report" in mail.outbox[0].subject
    with TestCase.captureOnCommitCallbacks(execute=True):
        moderation.moderate([Comment.objects.get(pk=comment.pk)], Status.REJECTED,
                            by=admin_user, reason="Personal attack.")
    stored = Report.objects.get()
    assert stored.decision == "removed" and stored.decision_reason == "Personal attack."
    assert stored.decided_by == admin_user and stored.outcome_sent_at is not None
    assert "Personal attack." in mail.outbox[1].body and "removed" in mail.outbox[1].body


def test_approving_a_reported_comment_keeps_it_and_closes_the_reports(article, admin_user):
    comment = make_comment(article)
    report(comment)
    with TestCase.captureOnCommitCallbacks(execute=True):
        moderation.moderate([Comment.objects.get(pk=comment.pk)], Status.APPROVED, by=admin_user)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED and comment.open_reports == 0
    assert Report.objects.get().decision == "kept"
    assert moderation.queue_counts()["reported"] == 0


def test_reports_are_kept_when_the_comment_goes_and_export_as_csv(admin_client, article):
    comment = make_comment(article, text="=cmd|' /C calc'!A0 buy now")
    report(comment, reason="spam", email="reader@example.org")
    comment.delete()
    response = admin_client.get("/admin/comments/report/export/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert len(rows) == 1
    assert rows[0]["reason"] == "spam" and rows[0]["comment_id"] == ""
    assert rows[0]["reported_text"].startswith("'=cmd")  # not a formula to a spreadsheet
    assert rows[0]["article"] == article.title and rows[0]["decision"] == "open"


@override_settings(COMMENTS_REPORT_HIDE_AFTER=1)
def test_a_hidden_comment_with_replies_says_it_is_under_review(client, article):
    parent = make_comment(article, text="Contested claim.")
    make_comment(article, parent=parent, text="A reply that stays.")
    report(parent)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Contested claim." not in page and "A reply that stays." in page
    assert "hidden while the moderators look at readers" in page
