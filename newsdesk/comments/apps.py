from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the Editor role may do with comments; Administrators get everything anyway.
EDITOR_PERMISSIONS = [
    "comments.view_comment", "comments.add_comment", "comments.change_comment",
    "comments.delete_comment", "comments.moderate_comment",
    "comments.view_blocklistentry", "comments.add_blocklistentry",
    "comments.change_blocklistentry", "comments.delete_blocklistentry",
    "comments.view_discussion", "comments.add_discussion", "comments.change_discussion",
    "comments.view_report",
    "comments.view_wordlist", "comments.add_wordlist", "comments.change_wordlist",
    "comments.delete_wordlist",
    "comments.view_commenter", "comments.change_commenter",
    "comments.view_ban", "comments.add_ban", "comments.change_ban",
]


class CommentsConfig(AppConfig):
    name = "newsdesk.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from newsdesk.comments import personal_data, remote
        from newsdesk.core import personal_data as registry
        from newsdesk.core.roles import EDITOR, grant_on_migrate
        from newsdesk.core.signals import remote_reply

        grant_on_migrate(EDITOR, EDITOR_PERMISSIONS)
        registry.register(
            "comments", export=personal_data.export,
            erase=lambda email, dry_run=False: personal_data.erase(email, dry_run=dry_run),
        )
        # Fediverse replies arrive through this signal (docs/fediverse.md).
        remote_reply.connect(remote.file_remote_reply, dispatch_uid="comments-remote-reply")
