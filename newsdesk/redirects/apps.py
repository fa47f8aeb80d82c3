from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    name = "newsdesk.redirects"
    label = "redirects"
    verbose_name = _("Redirects")

    def ready(self):
        from newsdesk.core.roles import EDITOR, grant_on_migrate

        actions = ("add", "change", "delete", "view")
        grant_on_migrate(EDITOR, [f"redirects.{action}_redirect" for action in actions])
