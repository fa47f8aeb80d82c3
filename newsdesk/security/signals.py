"""What newsdesk writes to the audit trail by itself.

- Every admin LogEntry (add, edit, delete of anything in the back office) is
  copied, so the trail is one list.
- An article's status changing: published, scheduled, returned to draft, by
  any path (admin form, admin action, import, command).
"""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models.signals import post_save

from newsdesk.publishing.models import Article
from newsdesk.security.audit import record

LOG_ACTIONS = {ADDITION: "add", CHANGE: "change", DELETION: "delete"}


def copy_admin_log_entry(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    from newsdesk.security.models import AuditEntry

    entry = AuditEntry(
        user_id=instance.user_id,
        username=instance.user.get_username() if instance.user_id else "",
        action=LOG_ACTIONS.get(instance.action_flag, "change"),
        content_type_id=instance.content_type_id,
        object_id=instance.object_id or "",
        object_repr=instance.object_repr[:200],
        details={"message": instance.get_change_message()} if instance.change_message else {},
    )
    entry.save()


def record_status_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_previous_status", None)
    if instance.status == previous:
        return
    if instance.status == Article.Status.PUBLISHED:
        action = "publish" if instance.is_live else "schedule"
        record(None, action, instance, {"published_at": instance.published_at.isoformat()})
    elif previous == Article.Status.PUBLISHED:
        record(None, "unpublish", instance)


def connect():
    post_save.connect(copy_admin_log_entry, sender=LogEntry, dispatch_uid="audit-log-entry")
    post_save.connect(record_status_change, sender=Article, dispatch_uid="audit-article-status")
