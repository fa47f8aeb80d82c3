"""What the rest of newsdesk calls: invalidate pages; the wrapper's configuration.

Tags: `site` (every page), `listings` (home, archives, feeds, sitemaps: any page
listing articles), `article:<pk>` (one article's page). Views say what a page
depends on through the seam, newsdesk.core.pages (`depends_on`, `vary_pages_on`);
a page that says nothing depends on `listings`.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsdesk.core import languages, pages
from newsdesk.core.pages import LISTINGS, SITE, article_tag
from newsdesk.core.paths import not_reader_prefixes
from newsdesk.pagecache import conf

__all__ = [
    "LISTINGS", "SITE", "WrapperConfig", "article_tag", "invalidate", "invalidate_article",
    "invalidate_site", "next_scheduled_publication", "page_store", "wrapper_config",
]


@dataclass(frozen=True)
class WrapperConfig:
    """Everything PageCacheApp needs, read once from the settings when it is built."""

    enabled: bool
    excluded_paths: tuple  # path prefixes that always go to Django
    bypass_cookies: tuple  # cookie names that mean "not an anonymous reader"
    language_prefixes: tuple  # ("/en/", "/zh-hans/")
    negotiate_language: object  # Accept-Language header -> language code
    timeout: float
    shared_max_age: float
    cache_control: str
    nginx_microcache: bool
    variants: tuple = ()  # core.pages.vary_pages_on's functions
    vary: tuple = ()  # the request headers they read
    query_prefixes: tuple = ()  # core.pages.cache_queries_under's (prefix, exclude) pairs


def cache_control():
    """The Cache-Control of a cached page: browsers revalidate, shared caches may keep it.

    Behind nginx's microcache (docs/deploy.md) no stale-while-revalidate: nginx would
    serve a page older than a second while it fetches the new one.
    """
    control = f"public, max-age=0, s-maxage={conf.get('SHARED_MAX_AGE')}"
    if conf.get("NGINX_MICROCACHE"):
        return control
    return f"{control}, stale-while-revalidate={conf.get('STALE_WHILE_REVALIDATE')}"


def wrapper_config():
    """The WrapperConfig of this process's settings and registered variants."""
    bypass = [
        settings.SESSION_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME,
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages"), *conf.get("BYPASS_COOKIES"),
    ]
    excluded = [*not_reader_prefixes(), *conf.get("EXCLUDED_PATHS")]
    return WrapperConfig(
        enabled=conf.get("ENABLED"),
        excluded_paths=tuple(path for path in excluded if path and path.startswith("/")),
        bypass_cookies=tuple(bypass),
        language_prefixes=languages.url_prefixes(),
        negotiate_language=languages.negotiate,
        timeout=conf.get("TIMEOUT"),
        shared_max_age=conf.get("SHARED_MAX_AGE"),
        cache_control=cache_control(),
        nginx_microcache=conf.get("NGINX_MICROCACHE"),
        variants=pages.variants(),
        vary=pages.vary_headers(),
        query_prefixes=pages.query_prefixes(),
    )


@functools.cache
def _store(directory, memory_bytes, control, redis_url, redis_prefix, interval, redis_max_bytes,
           files_dir, files_headers):
    from newsdesk.pagecache.store import PageStore

    versions = shared = None
    if redis_url:
        from newsdesk.pagecache.redis_pages import RedisPages
        from newsdesk.pagecache.redis_versions import RedisVersions

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


def next_scheduled_publication():
    """Unix time at which the next scheduled article goes live, or None."""
    from newsdesk.publishing.models import Article

    moment = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at").values_list("published_at", flat=True).first()
    )
    return moment.timestamp() if moment else None
