from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "newsdesk.consent"
    label = "consent"
    verbose_name = _("Cookie consent")

    def ready(self):
        from newsdesk.consent import checks, conf, signals  # noqa: F401
        from newsdesk.consent.defaults import ensure_defaults

        conf.validate()
        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="newsdesk-consent-defaults")
