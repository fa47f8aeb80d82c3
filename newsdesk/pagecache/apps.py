from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagecacheConfig(AppConfig):
    name = "newsdesk.pagecache"
    label = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from newsdesk.pagecache import checks, handlers  # noqa: F401

        handlers.connect()
