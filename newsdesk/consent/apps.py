from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "newsdesk.consent"
    label = "consent"
    verbose_name = _("Cookie consent")

    def ready(self):
        from newsdesk.consent import checks, conf, csp, signals  # noqa: F401
        from newsdesk.consent.defaults import ensure_defaults
        from newsdesk.core.csp import register_source_provider
        from newsdesk.core.pages import vary_pages_on

        conf.validate()
        signals.connect()
        # Through the floor's seams, so consent imports neither the security app nor the
        # page cache: the policy widens with each reader's choice, and pages are cached
        # once per choice.
        register_source_provider(csp.sources)
        vary_pages_on(csp.page_variant, csp.page_variant_headers())
        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="newsdesk-consent-defaults")
