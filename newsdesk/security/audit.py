"""The audit trail: who published, edited, deleted or moderated what.

Other apps call `record(user, action, obj, details)`:

    from newsdesk.security.audit import record
    record(request.user, "comment.approve", comment, {"article": comment.article_id})

`user` may be None: the user of the request being handled is used (set by
AccountSecurityMiddleware), or the entry is recorded as done by the system
(a command, a scheduled job). Actions are short dotted names; the ones
newsdesk records itself are in `ACTIONS`, with a translated label.
"""

import contextlib
import contextvars

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

_request = contextvars.ContextVar("newsdesk_audit_request", default=None)

ACTIONS = {
    "add": _("added"),
    "change": _("edited"),
    "delete": _("deleted"),
    "publish": _("published"),
    "schedule": _("scheduled"),
    "unpublish": _("returned to draft"),
    "comment.approve": _("approved a comment"),
    "comment.reject": _("rejected a comment"),
    "comment.spam": _("marked a comment as spam"),
    "comment.delete": _("deleted a comment"),
    "comment.trash": _("moved a comment to the trash"),
    "comment.unapprove": _("returned a comment to the queue"),
    "comment.feature": _("featured a comment"),
    "comment.unfeature": _("stopped featuring a comment"),
    "comment.hide": _("hid a comment after readers' reports"),
    "comment.ban": _("banned a commenter"),
    "comment.unban": _("lifted a ban"),
    "comment.trust": _("changed a commenter's trust"),
    "two_factor.enable": _("turned on two-factor sign-in"),
    "two_factor.disable": _("turned off two-factor sign-in"),
}


@contextlib.contextmanager
def acting_request(request):
    """Within this block, `record(None, ...)` attributes actions to the request's user."""
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def current_user():
    """The signed-in user of the request being handled, or None."""
    request = _request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def record(user, action, obj=None, details=None):
    """Append an entry to the audit trail and return it."""
    from newsdesk.security.models import AuditEntry

    user = user if user is not None and user.is_authenticated else current_user()
    entry = AuditEntry(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        details=details or {},
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = str(obj)[:200]
    entry.save()
    return entry
