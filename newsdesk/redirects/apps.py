from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    name = "newsdesk.redirects"
    label = "redirects"
    verbose_name = _("Redirects")

    def ready(self):
        # Without a sender, like publishing's roles: the permissions are created by
        # contrib.auth's own post_migrate handler, which is connected after this one.
        post_migrate.connect(grant_editors, dispatch_uid="newsdesk-redirects-roles")


def grant_editors(**kwargs):
    from newsdesk.publishing.roles import EDITOR, grant

    actions = ("add", "change", "delete", "view")
    grant(EDITOR, [f"redirects.{action}_redirect" for action in actions])
