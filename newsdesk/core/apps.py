from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "newsdesk.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from newsdesk.core import checks, net, roles  # noqa: F401
        from newsdesk.core.config import checks as config_checks  # noqa: F401
        from newsdesk.core.config import tables

        # A wrong value set in a settings module (not the environment, which is read
        # with the same rules) stops start-up with the sentence naming the variable.
        for table in tables():
            table.validate()
        # A mistyped proxy network stops start-up with a sentence instead of
        # silently trusting (or distrusting) every forwarded address.
        net.trusted_proxies()
        # Without a sender: the Administrator role must also get the permissions of
        # apps migrated after this one.
        post_migrate.connect(roles.complete_administrators, dispatch_uid="newsdesk-administrators")
