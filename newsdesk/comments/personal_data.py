"""Commenters' personal data: export, erasure, and the retention rules.

An email address is what a commenter can prove to own, so requests are made by
email. Full IP addresses are kept COMMENTS_IP_RETENTION_SECONDS for antispam, then
truncated; spam and trash go after COMMENTS_SPAM_RETENTION_SECONDS. Both happen
every hour on the job queue (comments/jobs.py, run by `newsdesk worker`), and
`newsdesk comments purge` does the same by hand.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from newsdesk.comments import antispam, conf, services
from newsdesk.comments.identity import email_hash
from newsdesk.comments.models import (
    AntispamCacheEntry,
    Ban,
    BlocklistEntry,
    Comment,
    Commenter,
    Report,
    normalize_email,
)

BATCH = 500


def export(email):
    """Everything stored about an email address, as JSON-ready data."""
    email = normalize_email(email)
    comments = Comment.objects.for_email(email).select_related("article").order_by("created_at")
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "email": email,
            "exported_at": timezone.now().isoformat(),
            "site": settings.NEWSDESK_BASE_URL,
            "comments": [_comment_record(comment) for comment in comments],
            "history": _history(email),
            "reports_made": [
                {"comment": report.comment_id, "reason": report.reason,
                 "explanation": report.explanation, "reported_at": report.created_at.isoformat(),
                 "decision": report.decision, "decision_reason": report.decision_reason}
                for report in Report.objects.filter(email=email).order_by("created_at")
            ],
            "blocklist_entries": [
                {"kind": entry.kind, "value": entry.value, "note": entry.note,
                 "added_at": entry.created_at.isoformat()}
                for entry in BlocklistEntry.objects.filter(
                    kind=BlocklistEntry.Kind.EMAIL, value=email
                )
            ],
        }


def _history(email):
    digest = email_hash(email)
    commenter = Commenter.objects.filter(email_hash=digest).first()
    bans = Ban.objects.filter(kind=Ban.Kind.EMAIL, value=digest)
    return {
        "approved_comments": commenter.approved_count if commenter else 0,
        "rejected_comments": commenter.rejected_count if commenter else 0,
        "trust": commenter.trust if commenter else Commenter.Trust.AUTOMATIC,
        "bans": [{"reason": ban.reason, "banned_at": ban.created_at.isoformat(),
                  "ends": ban.expires_at.isoformat() if ban.expires_at else None,
                  "lifted_at": ban.lifted_at.isoformat() if ban.lifted_at else None}
                 for ban in bans],
    }


def _comment_record(comment):
    return {
        "id": comment.pk,
        "article": comment.article.title,
        "article_url": f"{settings.NEWSDESK_BASE_URL}{comment.article.get_absolute_url()}",
        "in_reply_to": comment.parent_id,
        "status": comment.status,
        "name": comment.name,
        "email": comment.email,
        "website": comment.website,
        "text": comment.text,
        "posted_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "ip_address": comment.ip_address,
        "ip_address_truncated": comment.ip_truncated,
        "browser": comment.user_agent,
        "language": comment.language,
        "notify_of_replies": comment.notify_replies,
    }


@dataclass
class ErasureSummary:
    comments: int = 0
    texts_deleted: int = 0
    blocklist_entries: int = 0

    def __str__(self):
        return (f"Erased personal data from {self.comments} comments; deleted "
                f"{self.texts_deleted} comment texts; removed {self.blocklist_entries} "
                "blocklist entries.")


def erase(email, delete_text=False, dry_run=False):
    """Remove name, email, website, IP and browser from every comment by an email address.

    The text stays (attributed to nobody) unless delete_text: then the comments
    go, or become empty 'deleted' markers when others replied to them.
    """
    email = normalize_email(email)
    summary = ErasureSummary()
    if not email:
        return summary
    comments = list(Comment.objects.for_email(email))
    exact_entries = BlocklistEntry.objects.filter(kind=BlocklistEntry.Kind.EMAIL, value=email)
    summary.comments = len(comments)
    summary.texts_deleted = len(comments) if delete_text else 0
    summary.blocklist_entries = exact_entries.count()
    if dry_run:
        return summary
    with transaction.atomic():
        for comment in comments:
            if delete_text:
                services.remove_comment(comment)
                continue
            Comment.objects.filter(pk=comment.pk).update(
                name="", email="", email_hash="", website="", ip_address=None, user_agent="",
                notify_replies=False,
            )
            if comment.status == Comment.Status.APPROVED:
                services.announce_change(comment.article_id)
        exact_entries.delete()
        # The history goes with the address; a ban stays (the site's legitimate interest in
        # keeping a troll out), holding only the keyed hash.
        Commenter.objects.filter(email_hash=email_hash(email)).delete()
        Report.objects.filter(email=email).update(email="")
    return summary


@dataclass
class PurgeSummary:
    ips_truncated: int = 0
    spam_deleted: int = 0

    def __str__(self):
        return (f"Truncated {self.ips_truncated} IP addresses; deleted {self.spam_deleted} "
                "old spam and trash comments.")


def purge(now=None, dry_run=False):
    """Truncate IP addresses past retention and delete old spam and trash."""
    now = now or timezone.now()
    summary = PurgeSummary()
    ip_cutoff = now - datetime.timedelta(seconds=conf.get("IP_RETENTION_SECONDS"))
    stale = Comment.objects.filter(
        created_at__lt=ip_cutoff, ip_truncated=False, ip_address__isnull=False
    )
    while True:
        batch = list(stale.values_list("pk", "ip_address")[:BATCH])
        if not batch:
            break
        summary.ips_truncated += len(batch)
        if dry_run:
            break
        with transaction.atomic():
            for pk, address in batch:
                Comment.objects.filter(pk=pk).update(
                    ip_address=antispam.truncate_ip(address), ip_truncated=True
                )
    if dry_run:
        summary.ips_truncated = stale.count()
    spam_cutoff = now - datetime.timedelta(seconds=conf.get("SPAM_RETENTION_SECONDS"))
    # Comments others replied to stay: deleting them would take the replies along.
    old = Comment.objects.filter(
        status__in=[Comment.Status.SPAM, Comment.Status.TRASH], created_at__lt=spam_cutoff,
        replies__isnull=True,
    )
    summary.spam_deleted = old.count()
    if not dry_run and summary.spam_deleted:
        Comment.objects.filter(pk__in=list(old.values_list("pk", flat=True))).delete()
    if not dry_run:
        # Django's database cache removes expired rows only when it is full.
        AntispamCacheEntry.objects.filter(expires__lt=now).delete()
    return summary
