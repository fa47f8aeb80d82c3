from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FediverseConfig(AppConfig):
    name = "newsdesk.fediverse"
    label = "fediverse"
    verbose_name = _("Fediverse")

    def ready(self):
        from newsdesk.core.roles import EDITOR, grant_on_migrate
        from newsdesk.fediverse import events

        events.connect()
        grant_on_migrate(EDITOR, [
            "fediverse.view_follower", "fediverse.view_reply", "fediverse.view_interaction",
            "fediverse.view_post", "fediverse.view_following", "fediverse.add_following",
            "fediverse.view_delivery",
        ])
