"""System checks: the page cache needs its middleware, and page files their headers snippet."""

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


@register()
def page_files_headers_readable(app_configs, **kwargs):
    """With NEWSDESK_PAGECACHE_FILES_DIR, the headers snippet nginx includes must be there."""
    from newsdesk.pagecache import conf
    from newsdesk.pagecache.files import read_snippet

    if not conf.get("FILES_DIR"):
        return []
    path = conf.get("FILES_HEADERS")
    if read_snippet(path) is not None:
        return []
    return [Warning(
        f"No page is written as a file for nginx: the headers snippet {path} cannot be read.",
        hint=f"Run `newsdesk nginx-page-headers > {path}` with this environment and reload "
        "nginx (docs/deploy.md), or set NEWSDESK_PAGECACHE_FILES_HEADERS to where it is.",
        id="pagecache.W002",
    )]
