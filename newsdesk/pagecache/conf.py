"""Settings of the page cache (PAGECACHE_<NAME> from NEWSDESK_PAGECACHE_<NAME>).

Read once, when the WSGI wrapper is built (services.wrapper_config), and by the
store; docs/configuration.md lists them.
"""

from newsdesk.core.config import (
    BOOLEAN,
    DURATION,
    LIST,
    SIZE,
    TEXT,
    Derived,
    Setting,
    Table,
    project,
)

KIB, MIB = 1024, 1024 * 1024

SETTINGS = Table(
    "PAGECACHE",
    Setting("ENABLED", BOOLEAN, True, "answer anonymous GETs of reader pages from the page cache",
            aliases={"NEWSDESK_PAGECACHE": 1}),
    Setting("DIR", TEXT, "", "directory of the store shared by the workers; empty: "
            "$NEWSDESK_DATA_DIR/pagecache"),
    Setting("TIMEOUT", DURATION, 3600,
            "how long a page stays cached at most, even when nothing invalidates it", minimum=1),
    Setting("SHARED_MAX_AGE", DURATION, 60,
            "s-maxage: how long nginx or a CDN in front may serve a page without asking",
            minimum=0),
    Setting("STALE_WHILE_REVALIDATE", DURATION, 60,
            "stale-while-revalidate: how long a CDN may serve an expired page while refreshing "
            "it", minimum=0),
    Setting("MEMORY_BYTES", SIZE, 32 * MIB,
            "pages each worker keeps in memory, before the shared store", minimum=0,
            aliases={"NEWSDESK_PAGECACHE_MEMORY_MB": MIB}),
    Setting("BYPASS_COOKIES", LIST, [],
            "cookie names that bypass the cache, besides the session, language and messages "
            "cookies"),
    Setting("EXCLUDED_PATHS", LIST, [],
            "more path prefixes never cached; what is not a reader page never is"),
    Setting("NGINX_MICROCACHE", BOOLEAN, False,
            "send X-Accel-Expires so nginx keeps a cached page only to the end of the current "
            "second (docs/deploy.md): readers behind nginx see an edit within a second"),
    Setting("FILES_DIR", TEXT, "", "directory where reader pages are kept as plain files for "
            "nginx to send itself (docs/deploy.md); empty: none are written"),
    Setting("FILES_HEADERS", TEXT, "/etc/nginx/snippets/newsdesk-page-headers.conf",
            "the nginx snippet adding the headers of those files (`newsdesk "
            "nginx-page-headers` prints it): pages are written as files only while they carry "
            "exactly these headers"),
    Setting("REDIS_URL", TEXT, Derived(lambda values: values["NEWSDESK_REDIS_URL"],
                                       "`REDIS_URL`"),
            "Redis holding the invalidation counters and a copy of every page, for processes "
            "on several machines; empty: one machine's files only",
            clean=lambda raw: project.redis_url("NEWSDESK_PAGECACHE_REDIS_URL", raw)),
    Setting("REDIS_MAX_BYTES", SIZE, MIB,
            "with Redis: the largest page (all encodings) copied to Redis; bigger ones stay on "
            "the machine that rendered them; 0: no pages in Redis, only counters", minimum=0,
            aliases={"NEWSDESK_PAGECACHE_REDIS_MAX_KB": KIB}),
    Setting("REDIS_PREFIX", TEXT, Derived(lambda values: values["NEWSDESK_CACHE_KEY_PREFIX"],
                                          "`NEWSDESK_CACHE_KEY_PREFIX`"),
            "prefix of the page cache's Redis keys"),
    Setting("SYNC_INTERVAL", DURATION, 0.1,
            "with Redis: how often a process checks for invalidations made elsewhere",
            minimum=0.001, aliases={"NEWSDESK_PAGECACHE_SYNC_MS": 0.001}),
)
get = SETTINGS.get
