from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    name = "newsdesk.redirects"
    label = "redirects"
    verbose_name = _("Redirects")

    def ready(self):
        post_migrate.connect(grant_editors, sender=self, dispatch_uid="newsdesk-redirects-roles")


def grant_editors(**kwargs):
    from newsdesk.publishing.roles import EDITOR, grant

    grant(EDITOR, [f"redirects.{action}_redirect" for action in ("add", "change", "delete", "view")])
