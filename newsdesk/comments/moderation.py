"""Moderators' acts: decide, feature, ban. Each is one audit-trail entry per comment.

The back office's queue, its keyboard shortcuts, the bulk actions, the
moderators' emails and the admin change form all come through here, so every
act is recorded (security's audit trail), counted in the commenter's history,
settles the comment's open reports and refreshes the article's page.
"""

import logging

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from newsdesk.comments import notifications, reports, services, trust
from newsdesk.comments.models import Ban, Comment, Report

logger = logging.getLogger(__name__)
Status = Comment.Status
ACTIONS = {
    Status.APPROVED: "comment.approve",
    Status.REJECTED: "comment.reject",
    Status.SPAM: "comment.spam",
    Status.TRASH: "comment.trash",
    Status.PENDING: "comment.unapprove",
}
# What a decision means for the readers' reports on the comment.
REPORT_OUTCOME = {
    Status.APPROVED: Report.Decision.KEPT,
    Status.REJECTED: Report.Decision.REMOVED,
    Status.SPAM: Report.Decision.REMOVED,
    Status.TRASH: Report.Decision.REMOVED,
}
# Pending comments held only by the moderation policy, not by a rule.
POLICY_REASONS = ("", "first-time", "hold-all")


def audit(user, action, obj, details):
    """An entry in security's audit trail (when that app is installed)."""
    if apps.is_installed("newsdesk.security"):
        from newsdesk.security.audit import record

        record(user, action, obj, details)


def moderate(comments, status, by=None, reason=""):
    """Give comments a new status; returns how many changed.

    Approving a reported comment keeps it and closes its reports; rejecting,
    marking as spam or trashing it removes it and closes them too. `reason`
    is kept with the reports and sent to reporters who asked for the outcome.
    """
    changed, articles = 0, set()
    with transaction.atomic():
        for comment in comments:
            previous = comment.status
            settles = comment.open_reports and status in REPORT_OUTCOME
            if previous == status and not settles:
                continue
            comment.status = status
            comment.decided_by = by if by is not None and by.is_authenticated else None
            comment.decided_at = timezone.now()
            if status == Status.APPROVED and comment.spam_reason == reports.HIDDEN_REASON:
                comment.spam_reason = ""
            comment.save(update_fields=["status", "decided_by", "decided_at", "spam_reason"])
            trust.count(comment)
            settled = reports.settle(comment, REPORT_OUTCOME[status], reason, by) if settles else 0
            audit(by, ACTIONS[status], comment, {
                "article": comment.article_id, "from": previous, "to": status,
                **({"reason": reason} if reason else {}),
                **({"reports": settled} if settled else {}),
            })
            changed += 1
            if Status.APPROVED in (previous, status):
                articles.add(comment.article_id)
            if status == Status.APPROVED and previous != Status.APPROVED:
                transaction.on_commit(lambda pk=comment.pk: notifications.notify_reply(pk))
            if status != Status.APPROVED and comment.featured_at:
                Comment.objects.filter(pk=comment.pk).update(featured_at=None)
        for article_id in articles:
            services.announce_change(article_id)
    if changed and by is not None:
        logger.info("%s set %d comments to %s", by, changed, status)
    return changed


def feature(comments, by=None, featured=True):
    """Feature comments (approving those still waiting) or stop featuring them."""
    changed = 0
    with transaction.atomic():
        for comment in comments:
            if featured and comment.status != Status.APPROVED:
                moderate([comment], Status.APPROVED, by=by)
            if comment.is_featured == featured:
                continue
            comment.featured_at = timezone.now() if featured else None
            Comment.objects.filter(pk=comment.pk).update(featured_at=comment.featured_at)
            audit(by, "comment.feature" if featured else "comment.unfeature", comment,
                  {"article": comment.article_id})
            services.announce_change(comment.article_id)
            changed += 1
    return changed


def ban(*, reason, by=None, comment=None, email="", network="", expires_at=None,
        label="", reject_comments=False):
    """Ban a commenter by email (kept only as its keyed hash) and/or address prefix.

    Returns the bans made. `comment` is the one the moderator banned from (for
    the label and the audit trail). With reject_comments, the commenter's
    comments waiting or published are rejected too. The pages of every article
    they commented on are refreshed either way.
    """
    from newsdesk.comments.identity import email_hash

    digest = email_hash(email)
    if comment is not None and not label:
        label = f"{comment.name} (#{comment.pk})"
    made = []
    with transaction.atomic():
        if digest:
            made.append(Ban.objects.create(kind=Ban.Kind.EMAIL, value=digest, reason=reason,
                                           expires_at=expires_at, label=label[:200],
                                           created_by=_user(by)))
        if network:
            made.append(Ban.objects.create(kind=Ban.Kind.NETWORK, value=network, reason=reason,
                                           expires_at=expires_at, label=label[:200],
                                           created_by=_user(by)))
        theirs = Comment.objects.none()
        if digest:
            theirs = Comment.objects.filter(email_hash=digest)
        for made_ban in made:
            audit(by, "comment.ban", made_ban, {
                "kind": made_ban.kind, "expires": made_ban.expires_at.isoformat()
                if made_ban.expires_at else None,
                **({"comment": comment.pk} if comment is not None else {}),
            })
        if reject_comments and digest:
            moderate(list(theirs.filter(status__in=[Status.PENDING, Status.APPROVED])),
                     Status.REJECTED, by=by, reason=reason)
        for article_id in set(theirs.values_list("article_id", flat=True)):
            services.announce_change(article_id)
    return made


def lift_bans(bans, by=None):
    lifted = 0
    with transaction.atomic():
        for found in bans:
            if found.lifted_at is None:
                found.lifted_at = timezone.now()
                found.save(update_fields=["lifted_at"])
                audit(by, "comment.unban", found, {"kind": found.kind})
                lifted += 1
    return lifted


def _user(user):
    return user if user is not None and user.is_authenticated else None


# -- Queues -------------------------------------------------------------------------------------

QUEUES = ["pending", "reported", "held", "approved", "rejected"]


def queue_filter(name):
    """The Q of one queue."""
    waiting = Q(status=Status.PENDING, open_reports=0)
    return {
        "pending": waiting & Q(spam_reason__in=POLICY_REASONS),
        "held": waiting & ~Q(spam_reason__in=POLICY_REASONS),
        "reported": Q(open_reports__gt=0) & Q(status__in=[Status.APPROVED, Status.PENDING]),
        "approved": Q(status=Status.APPROVED),
        "rejected": Q(status__in=[Status.REJECTED, Status.SPAM]),
    }[name]


def queue(name):
    rows = Comment.objects.filter(queue_filter(name)).select_related("article", "parent")
    oldest_first = name in ("pending", "held", "reported")
    return rows.order_by(*(["created_at", "pk"] if oldest_first else ["-created_at", "-pk"]))


def queue_counts():
    """{queue: number of comments}, in one query."""
    totals = Comment.objects.aggregate(
        **{name: Count("pk", filter=queue_filter(name)) for name in QUEUES}
    )
    return {name: totals[name] for name in QUEUES}
