"""System checks: the page cache needs its middleware to know what a page depends on."""

from django.conf import settings
from django.core.checks import Warning, register

MIDDLEWARE = "newsdesk.pagecache.middleware.PageTagsMiddleware"


@register()
def middleware_installed(app_configs, **kwargs):
    if MIDDLEWARE in settings.MIDDLEWARE:
        return []
    return [Warning(
        "The page cache stores no page without its middleware.",
        hint=f"Add {MIDDLEWARE!r} to MIDDLEWARE.",
        id="pagecache.W001",
    )]
