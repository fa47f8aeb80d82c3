"""Emails through Django's email framework (SMTP from NEWSDESK_SMTP_URL, console by default).

Moderators get each comment that waits for them, with approve and spam links
into the back office; commenters who opted in get replies, with a one-click
unsubscribe link (RFC 8058 headers for mail programs, a page with one button
for people). Sent after the comment is committed; a failing mail server is
logged and never fails the reader's request.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsdesk.comments import conf, tokens

logger = logging.getLogger(__name__)


def absolute(path):
    return f"{settings.NEWSDESK_BASE_URL}{path}"


def moderator_emails():
    configured = [address for address in conf.get("MODERATOR_EMAILS") if address]
    if configured:
        return configured
    permission = Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comment"
    ).first()
    moderators = Q(is_superuser=True)
    if permission is not None:
        moderators |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    users = get_user_model().objects.filter(moderators, is_active=True, is_staff=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _send(subject, body, to, headers=None):
    message = EmailMessage(
        subject=" ".join(subject.split()), body=body, to=to, headers=headers or {},
    )
    try:
        message.send()
    except Exception:  # the mail server's problem must not become the reader's
        logger.exception("Could not send comment notification to %d recipients", len(to))
        return False
    return True


def notify_moderators(comment_id):
    from newsdesk.comments.models import Comment

    if not conf.get("NOTIFY_MODERATORS"):
        return False
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    recipients = moderator_emails()
    if comment is None or comment.status != Comment.Status.PENDING or not recipients:
        return False
    moderate = absolute(reverse("admin:comments_comment_moderate", args=[comment.pk]))
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "comment": comment,
            "article_url": absolute(comment.article.get_absolute_url()),
            "approve_url": f"{moderate}?action=approve",
            "spam_url": f"{moderate}?action=spam",
            "trash_url": f"{moderate}?action=trash",
            "queue_url": absolute(reverse("admin:comments_comment_changelist")),
            "site_name": settings.NEWSDESK_SITE_NAME,
        }
        subject = render_to_string("comments/email/moderate_subject.txt", context)
        body = render_to_string("comments/email/moderate_body.txt", context)
    return _send(subject, body, recipients, {"Auto-Submitted": "auto-generated"})


def notify_reply(reply_id):
    """Tell the parent comment's author about an approved reply, once."""
    from newsdesk.comments.models import Comment

    reply = Comment.objects.select_related("parent", "article").filter(pk=reply_id).first()
    if reply is None or reply.status != Comment.Status.APPROVED or reply.reply_notified:
        return False
    parent = reply.parent
    if parent is None or not parent.notify_replies or not parent.email:
        return False
    if parent.email == reply.email:
        return False
    # Mark first: a second approval racing this one must not send twice.
    if not Comment.objects.filter(pk=reply.pk, reply_notified=False).update(reply_notified=True):
        return False
    with translation.override(parent.language or settings.LANGUAGE_CODE):
        unsubscribe = absolute(reverse(
            "comments:unsubscribe", kwargs={"token": tokens.unsubscribe_token(parent)}
        ))
        context = {
            "reply": reply,
            "parent": parent,
            "article": reply.article,
            "reply_url": absolute(reply.get_absolute_url()),
            "unsubscribe_url": unsubscribe,
            "site_name": settings.NEWSDESK_SITE_NAME,
        }
        subject = render_to_string("comments/email/reply_subject.txt", context)
        body = render_to_string("comments/email/reply_body.txt", context)
    headers = {
        "Auto-Submitted": "auto-generated",
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return _send(subject, body, [parent.email], headers)


def _report_mail(report_id, template):
    from newsdesk.comments.models import Report

    report = Report.objects.select_related("article").filter(pk=report_id).first()
    if report is None or not report.email:
        return None, None
    with translation.override(report.language or settings.LANGUAGE_CODE):
        context = {
            "report": report,
            "article_url": absolute(report.article.get_absolute_url()) if report.article else "",
            "site_name": settings.NEWSDESK_SITE_NAME,
        }
        subject = render_to_string(f"comments/email/{template}_subject.txt", context)
        body = render_to_string(f"comments/email/{template}_body.txt", context)
    return report, (subject, body)


def report_received(report_id):
    """The confirmation of receipt a reporter who gave an address gets (DSA Art. 16(4))."""
    report, mail = _report_mail(report_id, "report_received")
    if report is None:
        return False
    return _send(*mail, [report.email], {"Auto-Submitted": "auto-generated"})


def report_outcome(report_id):
    """The decision, and its reason, told to a reporter who gave an address; once."""
    from django.utils import timezone

    from newsdesk.comments.models import Report

    report, mail = _report_mail(report_id, "report_outcome")
    if report is None or report.decision == Report.Decision.OPEN or report.outcome_sent_at:
        return False
    sent = _send(*mail, [report.email], {"Auto-Submitted": "auto-generated"})
    if sent:
        Report.objects.filter(pk=report.pk).update(outcome_sent_at=timezone.now())
    return sent
