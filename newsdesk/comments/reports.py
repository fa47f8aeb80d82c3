"""Readers' reports: the notice route the EU's Digital Services Act expects a site to offer.

Anyone may report a comment, with no account and no cookie: a reason, an
explanation (required for illegal content), and an email address if they want
to hear the outcome. A report puts the comment in the Reported queue at once;
after REPORT_HIDE_AFTER reports from different readers it is also out of view
until a moderator decides. Reports are kept with the decision and its reason,
and can be exported (export_csv).
"""

import csv
import io
import time

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from newsdesk.comments import antispam, conf, notifications, services
from newsdesk.comments.identity import reporter_key
from newsdesk.comments.models import Comment, Report

Status = Comment.Status
HIDDEN_REASON = "reports"
RATE_WINDOW_SECONDS = 3600
# Comments a reader may still see on a page rendered a moment ago, so may still report.
REPORTABLE = [Status.APPROVED, Status.PENDING]


class ReportRefused(Exception):
    """A report not taken: code is 'gone', 'already' or 'rate-limited'."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def reportable(comment_id):
    """The comment a reader may report, or None when it is gone from the discussion."""
    comment = Comment.objects.select_related("article").filter(
        pk=comment_id, status__in=REPORTABLE).first()
    if comment is None:
        return None
    if comment.status == Status.PENDING and comment.spam_reason != HIDDEN_REASON:
        return None  # never shown to readers
    return comment


def rate_limited(ip_address, now=None):
    """Count one report from this address; True when over REPORT_RATE_LIMIT this hour."""
    limit = conf.get("REPORT_RATE_LIMIT")
    if not limit or not ip_address:
        return False
    window = int((now if now is not None else time.time()) // RATE_WINDOW_SECONDS)
    return antispam.count_in_window(f"comments:report:{reporter_key(ip_address)}:{window}",
                                    RATE_WINDOW_SECONDS) > limit


def report_comment(comment_id, *, reason, explanation="", email="", ip_address=None,
                   language="en"):
    """Take a reader's report; returns it, or raises ReportRefused."""
    comment = reportable(comment_id)
    if comment is None:
        raise ReportRefused("gone")
    if rate_limited(ip_address):
        raise ReportRefused("rate-limited")
    key = reporter_key(ip_address)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                comment=comment, article=comment.article, comment_text=comment.text,
                comment_author=comment.name, reason=reason, explanation=explanation,
                email=email, reporter=key, language=language,
            )
            Comment.objects.filter(pk=comment.pk).update(open_reports=F("open_reports") + 1)
            _hide_if_reported_enough(comment)
    except IntegrityError:
        raise ReportRefused("already") from None
    if email:
        transaction.on_commit(lambda: notifications.report_received(report.pk))
    return report


def _hide_if_reported_enough(comment):
    threshold = conf.get("REPORT_HIDE_AFTER")
    if not threshold or comment.status != Status.APPROVED:
        return
    reporters = Report.objects.filter(comment=comment, decision=Report.Decision.OPEN).count()
    if reporters < threshold:
        return
    hidden = Comment.objects.filter(pk=comment.pk, status=Status.APPROVED).update(
        status=Status.PENDING, spam_reason=HIDDEN_REASON)
    if hidden:
        from newsdesk.comments.moderation import audit

        comment.status = Status.PENDING
        audit(None, "comment.hide", comment, {"article": comment.article_id,
                                               "reports": reporters})
        services.announce_change(comment.article_id)


def settle(comment, decision, reason, by):
    """Close the comment's open reports with a decision; returns how many were open."""
    user = by if by is not None and by.is_authenticated else None
    open_reports = list(Report.objects.filter(comment=comment, decision=Report.Decision.OPEN))
    Report.objects.filter(pk__in=[report.pk for report in open_reports]).update(
        decision=decision, decision_reason=reason, decided_by=user, decided_at=timezone.now(),
    )
    Comment.objects.filter(pk=comment.pk).update(open_reports=0)
    comment.open_reports = 0
    for report in open_reports:
        if report.email:
            transaction.on_commit(lambda pk=report.pk: notifications.report_outcome(pk))
    return len(open_reports)


EXPORT_FIELDS = [
    "id", "reported_at", "comment_id", "article", "article_url", "reason", "explanation",
    "reported_text", "reported_author", "reporter_email", "decision", "decision_reason",
    "decided_by", "decided_at", "reporter_told_at",
]


def export_rows(reports):
    from django.conf import settings

    for report in reports.select_related("article", "decided_by"):
        yield {
            "id": report.pk,
            "reported_at": report.created_at.isoformat(),
            "comment_id": report.comment_id or "",
            "article": report.article.title if report.article else "",
            "article_url": f"{settings.NEWSDESK_BASE_URL}{report.article.get_absolute_url()}"
            if report.article else "",
            "reason": report.reason,
            "explanation": report.explanation,
            "reported_text": report.comment_text,
            "reported_author": report.comment_author,
            "reporter_email": report.email,
            "decision": report.decision,
            "decision_reason": report.decision_reason,
            "decided_by": report.decided_by.get_username() if report.decided_by else "",
            "decided_at": report.decided_at.isoformat() if report.decided_at else "",
            "reporter_told_at": report.outcome_sent_at.isoformat()
            if report.outcome_sent_at else "",
        }


def export_csv(reports):
    """The reports as CSV text (UTF-8 with a byte-order mark, so spreadsheets read Chinese)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for row in export_rows(reports):
        # A cell starting with = + - @ is a formula to a spreadsheet: make it text.
        writer.writerow({key: _safe_cell(value) for key, value in row.items()})
    return out.getvalue()


def _safe_cell(value):
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
