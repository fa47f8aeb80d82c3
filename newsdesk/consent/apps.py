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
        from django.apps import apps

        if apps.is_installed("newsdesk.security"):
            from newsdesk.consent import csp
            from newsdesk.security.csp import register_source_provider

            register_source_provider(csp.sources)
            if apps.is_installed("newsdesk.pagecache"):
                # The policy follows each reader's choice: one cached copy per choice.
                from newsdesk.pagecache.services import vary_pages_on

                vary_pages_on(csp.page_variant, csp.page_variant_headers())
        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="newsdesk-consent-defaults")
