from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# What the Editor role may do with newsletters; Administrators get everything anyway.
EDITOR_PERMISSIONS = [
    "newsletter.view_newsletterlist", "newsletter.view_subscriber",
    "newsletter.view_issue", "newsletter.add_issue", "newsletter.change_issue",
    "newsletter.send_issue",
]


class NewsletterConfig(AppConfig):
    name = "newsdesk.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from newsdesk.core import personal_data
        from newsdesk.core.roles import EDITOR, grant_on_migrate
        from newsdesk.newsletter import jobs, personal, receivers  # noqa: F401
        from newsdesk.newsletter.defaults import ensure_default_lists

        grant_on_migrate(EDITOR, EDITOR_PERMISSIONS)
        personal_data.register("newsletter", export=personal.export, erase=personal.erase)
        receivers.connect()
        post_migrate.connect(ensure_default_lists, sender=self,
                             dispatch_uid="newsdesk-newsletter-lists")
