"""Settings of the page cache, with their defaults; read lazily with `setting()`.

Environment variables map onto them in newsdesk/settings.py; docs/configuration.md
lists them.
"""

from django.conf import settings

SETTINGS = {
    # name: (default, help)
    "PAGECACHE_ENABLED": (
        True, "Answer anonymous GETs of reader pages from the page cache.",
    ),
    "PAGECACHE_DIR": (
        None, "Directory of the store shared by the workers; default $NEWSDESK_DATA_DIR/pagecache.",
    ),
    "PAGECACHE_TIMEOUT": (
        3600, "Seconds a page stays cached at most, even when nothing invalidates it.",
    ),
    "PAGECACHE_SHARED_MAX_AGE": (
        60, "s-maxage: seconds nginx or a CDN in front may serve a page without asking.",
    ),
    "PAGECACHE_STALE_WHILE_REVALIDATE": (
        60, "stale-while-revalidate: seconds a CDN may serve an expired page while refreshing it.",
    ),
    "PAGECACHE_MEMORY_BYTES": (
        32 * 1024 * 1024, "Bytes of pages each worker keeps in memory, before the shared store.",
    ),
    "PAGECACHE_BYPASS_COOKIES": (
        (), "Cookie names that bypass the cache, besides the session and messages cookies.",
    ),
    "PAGECACHE_EXCLUDED_PATHS": (
        (), "More path prefixes never cached; what is not a reader page never is (core.paths).",
    ),
    "PAGECACHE_NGINX_MICROCACHE": (
        False, "Send X-Accel-Expires so nginx keeps a cached page only to the end of the "
        "current second (docs/deploy.md): readers behind nginx see an edit within a second.",
    ),
    "PAGECACHE_FILES_DIR": (
        "", "Directory where reader pages are kept as plain files for nginx to send itself "
        "(docs/deploy.md); empty: none are written.",
    ),
    "PAGECACHE_FILES_HEADERS": (
        "/etc/nginx/snippets/newsdesk-page-headers.conf", "The nginx snippet adding the "
        "headers of those files (`newsdesk nginx-page-headers` prints it): pages are written "
        "as files only while they carry exactly these headers.",
    ),
    "PAGECACHE_REDIS_URL": (
        "", "Redis holding the invalidation counters and a copy of every page, for processes "
        "on several machines (REDIS_URL by default); empty: one machine's files only.",
    ),
    "PAGECACHE_REDIS_MAX_BYTES": (
        1024 * 1024, "With Redis: the largest page (all encodings) copied to Redis; bigger "
        "ones stay on the machine that rendered them. 0: no pages in Redis, only counters.",
    ),
    "PAGECACHE_REDIS_PREFIX": (
        "", "Prefix of the page cache's Redis keys; default NEWSDESK_CACHE_KEY_PREFIX.",
    ),
    "PAGECACHE_SYNC_INTERVAL": (
        0.1, "With Redis: seconds between a process's checks for invalidations made elsewhere.",
    ),
}


def setting(name):
    """The project's value of a page-cache setting, or its default."""
    return getattr(settings, name, SETTINGS[name][0])
