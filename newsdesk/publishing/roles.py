"""The editorial roles, kept as auth groups.

Author: writes and edits their own drafts, cannot publish.
Editor: writes, edits and publishes anyone's articles; manages categories and tags.
Administrator: everything, including accounts.
Other apps add their own permissions to these groups through `grant()`.
"""

from django.contrib.auth.models import Group, Permission

AUTHOR, EDITOR, ADMINISTRATOR = "Author", "Editor", "Administrator"

AUTHOR_PERMISSIONS = [
    "publishing.add_article", "publishing.change_article", "publishing.view_article",
    "publishing.add_reference", "publishing.change_reference", "publishing.delete_reference",
    "publishing.view_reference", "publishing.view_category", "publishing.view_tag",
    "publishing.add_tag", "publishing.view_author",
]
EDITOR_PERMISSIONS = AUTHOR_PERMISSIONS + [
    "publishing.publish_article", "publishing.delete_article",
    "publishing.add_category", "publishing.change_category", "publishing.delete_category",
    "publishing.change_tag", "publishing.delete_tag",
    "publishing.add_author", "publishing.change_author",
]


def _permissions(names):
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.extend(
            Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        )
    return found


def grant(group_name, permission_names):
    """Add permissions ("app_label.codename") to a role's group, creating it if needed."""
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(*_permissions(permission_names))
    return group


def ensure_editorial_groups(**kwargs):
    """Create or complete the three roles; runs after every migrate."""
    grant(AUTHOR, AUTHOR_PERMISSIONS)
    grant(EDITOR, EDITOR_PERMISSIONS)
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())
