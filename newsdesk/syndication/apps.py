from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "newsdesk.syndication"
    label = "syndication"
    verbose_name = _("Discovery")

    def ready(self):
        from newsdesk.syndication import checks, receivers  # noqa: F401

        receivers.connect()
        post_migrate.connect(receivers.fill_empty_index, sender=self,
                             dispatch_uid="syndication-fill-index")
