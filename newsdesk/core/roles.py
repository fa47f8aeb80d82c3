"""The editorial roles, kept as auth groups, and how an app grants them permissions.

Author: writes and edits their own drafts, cannot publish.
Editor: writes, edits and publishes anyone's articles; manages the newsroom's data.
Administrator: everything, including accounts (completed after every migrate).

Each app grants its own permissions from its AppConfig.ready():

    grant_on_migrate(EDITOR, ["comments.change_comment", ...])
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_migrate

AUTHOR, EDITOR, ADMINISTRATOR = "Author", "Editor", "Administrator"
ROLES = (AUTHOR, EDITOR, ADMINISTRATOR)


def _permissions(names):
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def grant(role, permission_names):
    """Add permissions ("app_label.codename") to a role's group, creating it if needed."""
    group, _ = Group.objects.get_or_create(name=role)
    group.permissions.add(*_permissions(permission_names))
    return group


def grant_on_migrate(role, permission_names):
    """Grant `role` these permissions after every `migrate`; call from AppConfig.ready().

    The receiver has no sender: contrib.auth creates an app's permissions in its own
    post_migrate receiver, which may run after the granting app's signal, so the
    grant is repeated for every app migrated and completes once they all exist.
    """
    names = tuple(permission_names)

    def receiver(**kwargs):
        grant(role, names)

    post_migrate.connect(receiver, weak=False, dispatch_uid=f"newsdesk-grant-{role}-{names}")
    return receiver


def complete_administrators(**kwargs):
    """The Administrator role holds every permission there is; runs after every migrate."""
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())
