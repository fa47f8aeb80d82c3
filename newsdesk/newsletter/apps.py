from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# What the Editor role may do with newsletters; Administrators get everything anyway.
EDITOR_PERMISSIONS = [
    "newsletter.view_newsletterlist", "newsletter.view_subscriber",
    "newsletter.view_issue", "newsletter.add_issue", "newsletter.change_issue",
    "newsletter.send_issue",
]


def grant_editor_permissions(**kwargs):
    from newsdesk.publishing.roles import EDITOR, grant

    grant(EDITOR, EDITOR_PERMISSIONS)


class NewsletterConfig(AppConfig):
    name = "newsdesk.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from newsdesk.core import personal_data
        from newsdesk.newsletter import jobs, personal, receivers  # noqa: F401
        from newsdesk.newsletter.defaults import ensure_default_lists

        personal_data.register("newsletter", export=personal.export, erase=personal.erase)
        receivers.connect()
        post_migrate.connect(grant_editor_permissions, dispatch_uid="newsdesk-newsletter-roles")
        post_migrate.connect(ensure_default_lists, sender=self,
                             dispatch_uid="newsdesk-newsletter-lists")
