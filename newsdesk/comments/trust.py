"""Commenters' standing: history by keyed email hash, trusted and held commenters, bans.

A comment adds to its commenter's history once, by what it is now: approved
adds to the approved count, rejected (or spam a moderator confirmed) to the
rejected count. Each comment remembers what it added (`trust_counted`), so a
status changed back and forth, or an import run twice, never counts twice;
deleting old spam leaves the history as it was.
"""

import ipaddress

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsdesk.comments import conf
from newsdesk.comments.identity import email_hash
from newsdesk.comments.models import Ban, Comment, Commenter

Status = Comment.Status
APPROVED, REJECTED = "approved", "rejected"
TRUSTED, HELD = "trusted", "held"
COUNT_FIELDS = {APPROVED: "approved_count", REJECTED: "rejected_count"}


def contribution(comment):
    """What a comment adds to its commenter's history now."""
    if comment.status == Status.APPROVED:
        return APPROVED
    if comment.status == Status.REJECTED:
        return REJECTED
    # Spam filed by a rule alone (honeypot, blocklist) may carry someone else's address.
    if comment.status == Status.SPAM and comment.decided_by_id is not None:
        return REJECTED
    return ""


def count(comment):
    """Bring the commenter's history up to date with this comment's status."""
    wanted = contribution(comment) if comment.email_hash and comment.user_id is None else ""
    if wanted == comment.trust_counted:
        return
    with transaction.atomic():
        if comment.email_hash:
            commenter, _created = Commenter.objects.get_or_create(
                email_hash=comment.email_hash, defaults={"name": comment.name[:100]},
            )
            changes = {}
            if comment.trust_counted:
                field = COUNT_FIELDS[comment.trust_counted]
                if getattr(commenter, field) > 0:
                    changes[field] = F(field) - 1
            if wanted:  # never the field just decremented: wanted differs from trust_counted
                changes[COUNT_FIELDS[wanted]] = F(COUNT_FIELDS[wanted]) + 1
            if changes:
                Commenter.objects.filter(pk=commenter.pk).update(
                    updated_at=timezone.now(), **changes)
        Comment.objects.filter(pk=comment.pk).update(trust_counted=wanted)
        comment.trust_counted = wanted


def commenter(email):
    digest = email_hash(email)
    return Commenter.objects.filter(email_hash=digest).first() if digest else None


def standing(email):
    """TRUSTED (published at once), HELD (waits for a moderator) or None (the usual rules)."""
    found = commenter(email)
    if found is None:
        return None
    if found.trust == Commenter.Trust.TRUSTED:
        return TRUSTED
    if found.trust == Commenter.Trust.HOLD:
        return HELD
    if (found.decisions >= conf.get("HOLD_MIN_DECISIONS")
            and found.rejection_rate * 100 >= conf.get("HOLD_REJECTION_RATE")):
        return HELD
    trusted_after = conf.get("TRUSTED_AFTER")
    if trusted_after and found.approved_count >= trusted_after:
        return TRUSTED
    return None


# -- Bans ---------------------------------------------------------------------------------------

def ban_in_force(email, ip_address, now=None):
    """The ban that refuses this commenter now, or None."""
    digest = email_hash(email)
    bans = Ban.objects.in_force(now)
    if digest:
        found = bans.filter(kind=Ban.Kind.EMAIL, value=digest).order_by("-created_at").first()
        if found is not None:
            return found
    try:
        address = ipaddress.ip_address(ip_address) if ip_address else None
    except ValueError:
        address = None
    if address is None:
        return None
    for ban in bans.filter(kind=Ban.Kind.NETWORK).order_by("-created_at"):
        try:
            if address in ipaddress.ip_network(ban.value, strict=False):
                return ban
        except ValueError:
            continue
    return None


def network_of(ip_address, prefix=None):
    """The prefix a ban by address covers: /24 for IPv4, /48 for IPv6 by default."""
    address = ipaddress.ip_address(ip_address)
    prefix = prefix if prefix is not None else (24 if address.version == 4 else 48)
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
