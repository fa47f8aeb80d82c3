"""Respect: readers appreciate a comment without replying; one per reader, comment and day.

No cookie and no account: a reader is the day's visitor hash of their address
and browser (newsdesk.core.visitors, the same one the audience app counts
likes with). A mark per reader, comment and day stops counting twice; marks of
earlier days are deleted once a day. The count is kept on the comment.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from newsdesk.comments.models import Comment, RespectMark
from newsdesk.core.visitors import visitor_hash

_pruned_on = None


def respect(comment_id, *, address, user_agent, today=None):
    """(counted, total) for an approved comment; None when there is no such comment."""
    global _pruned_on
    today = today or timezone.localdate()
    comment = Comment.objects.approved().filter(pk=comment_id).only("pk").first()
    if comment is None:
        return None
    if _pruned_on != today:
        RespectMark.objects.filter(day__lt=today).delete()
        _pruned_on = today
    visitor = visitor_hash(today, address, user_agent, f"comment:{comment_id}")
    counted = True
    try:
        with transaction.atomic():
            RespectMark.objects.create(comment_id=comment_id, day=today, visitor=visitor)
            Comment.objects.filter(pk=comment_id).update(respect_count=F("respect_count") + 1)
    except IntegrityError:
        counted = False
    total = Comment.objects.filter(pk=comment_id).values_list("respect_count", flat=True).first()
    return counted, total or 0
