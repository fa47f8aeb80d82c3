"""What the rest of newsdesk calls: invalidate pages, say what a page depends on.

Tags: `site` (every page), `listings` (home, archives, feeds, sitemaps: any page
listing articles), `article:<pk>` (one article's page). A page that is not an
article page depends on `listings` unless it says otherwise.
"""

import functools
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.core import languages
from newsdesk.core.paths import not_reader_prefixes
from newsdesk.pagecache import conf
from newsdesk.pagecache.versions import LISTINGS, SITE

__all__ = [
    "LISTINGS", "SITE", "article_tag", "cache_queries_under", "depends_on", "invalidate",
    "invalidate_article", "invalidate_site", "next_scheduled_publication", "page_store",
    "vary_pages_on",
]

# (variant(environ) -> str, [request header names]) registered by other apps.
_variants = []
# (prefix, excluded prefix): paths cached with their whole query string.
_query_prefixes = []


def cache_queries_under(prefix, exclude=None):
    """Cache the pages under `prefix` with any query string, each query its own page.

    For JSON answers whose filters are query parameters (the Content API): the
    rest of the rules stay (GET, 200, no cookie, no Authorization, tags), and
    `prefix` may lie under a path that is otherwise never cached (/api/).
    `exclude`: a prefix below it that keeps the usual rules. Call from AppConfig.ready().
    """
    if (prefix, exclude) not in _query_prefixes:
        _query_prefixes.append((prefix, exclude))


def vary_pages_on(variant, headers):
    """Keep a separate copy of each page per value of `variant(environ)`.

    For a page whose bytes or headers depend on something in the request besides
    its path and language (the consent app: the Content-Security-Policy follows
    the reader's choice). `variant` runs on every cacheable request before Django,
    so it must be cheap and never touch the database; '' means the common copy.
    `headers` are the request headers it reads: pages say `Vary` on them so that
    nginx, CDNs and browsers keep copies apart too. Call from AppConfig.ready().
    """
    if all(known is not variant for known, _headers in _variants):
        _variants.append((variant, list(headers)))


def article_tag(pk):
    return f"article:{pk}"


def cache_control():
    """The Cache-Control of a cached page: browsers revalidate, shared caches may keep it.

    Behind nginx's microcache (docs/deploy.md) no stale-while-revalidate: nginx would
    serve a page older than a second while it fetches the new one.
    """
    control = f"public, max-age=0, s-maxage={conf.get('SHARED_MAX_AGE')}"
    if conf.get("NGINX_MICROCACHE"):
        return control
    return f"{control}, stale-while-revalidate={conf.get('STALE_WHILE_REVALIDATE')}"


def settings_for_wrapper():
    """Everything the WSGI wrapper needs, read once when it is built."""
    bypass = [
        settings.SESSION_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME,
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
    ]
    bypass += list(conf.get("BYPASS_COOKIES"))
    excluded = [*not_reader_prefixes(), *conf.get("EXCLUDED_PATHS")]
    return {
        "enabled": conf.get("ENABLED"),
        "excluded_paths": [path for path in excluded if path and path.startswith("/")],
        "query_prefixes": list(_query_prefixes),
        "bypass_cookies": bypass,
        "language_prefixes": list(languages.url_prefixes()),
        "negotiate_language": languages.negotiate,
        "timeout": conf.get("TIMEOUT"),
        "shared_max_age": conf.get("SHARED_MAX_AGE"),
        "cache_control": cache_control(),
        "nginx_microcache": conf.get("NGINX_MICROCACHE"),
        "variants": [variant for variant, _headers in _variants],
        "vary": list(dict.fromkeys(header for _v, headers in _variants for header in headers)),
    }


@functools.cache
def _store(directory, memory_bytes, control, redis_url, redis_prefix, interval, redis_max_bytes,
           files_dir, files_headers):
    from newsdesk.pagecache.store import PageStore

    versions = shared = None
    if redis_url:
        from newsdesk.pagecache.redis_pages import RedisPages
        from newsdesk.pagecache.shared import RedisVersions

        versions = RedisVersions(redis_url, redis_prefix, interval=interval)
        if redis_max_bytes:
            shared = RedisPages(redis_url, redis_prefix, max_bytes=redis_max_bytes)
    return PageStore(directory, memory_bytes=memory_bytes, cache_control=control,
                     versions=versions, shared=shared, files_dir=files_dir or None,
                     files_headers=files_headers)


def page_store():
    """This process's handle on the shared store (one per directory).

    With REDIS_URL the invalidation counters live in Redis, so processes on
    several machines see every invalidation (within PAGECACHE_SYNC_INTERVAL),
    and so does a copy of every page, so a page rendered on one machine is
    served by all.
    """
    directory = conf.get("DIR") or Path(settings.DATA_DIR) / "pagecache"
    redis_url = conf.get("REDIS_URL")
    prefix = conf.get("REDIS_PREFIX")
    return _store(
        str(directory), conf.get("MEMORY_BYTES"), cache_control(), redis_url or "",
        prefix, conf.get("SYNC_INTERVAL"), conf.get("REDIS_MAX_BYTES"),
        conf.get("FILES_DIR") or "", conf.get("FILES_HEADERS"),
    )


def invalidate(tags):
    """Refresh the pages that depend on any of `tags`, once the transaction commits.

    After the commit, not before: a page rendered in between would otherwise be
    stored from the old rows and never refreshed.
    """
    tags = list(tags)
    transaction.on_commit(lambda: page_store().invalidate(tags))


def invalidate_article(pk):
    """An article's own page and every listing (they show its title and counts)."""
    invalidate([article_tag(pk), LISTINGS])


def invalidate_site():
    invalidate([SITE])


def depends_on(request, *tags):
    """Declare that the page being rendered shows what these tags stand for."""
    if not hasattr(request, "pagecache_tags"):
        request.pagecache_tags = set()
    request.pagecache_tags.update(tags)


def next_scheduled_publication():
    """Unix time at which the next scheduled article goes live, or None."""
    from newsdesk.publishing.models import Article

    moment = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at").values_list("published_at", flat=True).first()
    )
    return moment.timestamp() if moment else None
