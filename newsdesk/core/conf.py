"""The project's own settings: where the site lives, what it is called, what it trusts.

Django setting and environment variable are both `NEWSDESK_<NAME>`; DATABASE_URL
and REDIS_URL keep the names every hosting service and tool already uses.
"""

from urllib.parse import urlsplit

from newsdesk.core.config import (
    BOOLEAN,
    INTEGER,
    LIST,
    NETWORKS,
    TEXT,
    Derived,
    Setting,
    Table,
    project,
)


def https(values):
    """True with an https base URL: the default of every setting that follows from it."""
    return values["NEWSDESK_BASE_URL"].startswith("https://")


def base_host(values):
    return urlsplit(values["NEWSDESK_BASE_URL"]).hostname


SETTINGS = Table(
    "NEWSDESK",
    Setting("NEWSDESK_DATA_DIR", TEXT, "", "directory of the database, uploads, page cache and "
            "generated files; empty: ./var below the current directory"),
    Setting("NEWSDESK_SECRET_KEY", TEXT, "", "at least 32 random characters; empty: one is "
            "generated once and kept in the data directory"),
    Setting("NEWSDESK_DEBUG", BOOLEAN, False, "Django's debug pages; never on a public site"),
    Setting("NEWSDESK_BASE_URL", TEXT, "http://127.0.0.1:8000",
            "the site's public address; https turns on HSTS, the HTTPS redirect, secure "
            "cookies, required two-factor sign-in for administrators and one trusted proxy",
            clean=project.base_url),
    Setting("NEWSDESK_SITE_NAME", TEXT, "newsdesk", "the newsroom's name in pages, feeds and mail"),
    Setting("NEWSDESK_ALLOWED_HOSTS", LIST,
            Derived(lambda values: [base_host(values), "127.0.0.1", "localhost", "[::1]"],
                    "the base URL's host, `127.0.0.1`, `localhost`, `[::1]`"),
            "host names the site answers to, comma-separated"),
    Setting("NEWSDESK_TIME_ZONE", TEXT, "UTC", "the newsroom's time zone, e.g. Asia/Shanghai",
            clean=project.time_zone),
    Setting("NEWSDESK_DATABASE_URL", TEXT, "", "the database: sqlite:///path/file.sqlite3 or "
            "postgres://user:password@host:5432/name; empty: SQLite in the data directory",
            env="DATABASE_URL"),
    Setting("NEWSDESK_REDIS_URL", TEXT, "", "Redis shared by every process (cache, page cache, "
            "counters, rate limits), e.g. redis://127.0.0.1:6379/0; empty: none",
            env="REDIS_URL", clean=lambda raw: project.redis_url("REDIS_URL", raw)),
    Setting("NEWSDESK_CACHE_KEY_PREFIX", TEXT, "newsdesk",
            "prefix of every key newsdesk keeps in Redis (several sites may share one)"),
    Setting("NEWSDESK_SMTP_URL", TEXT, "", "the mail server: smtp://user:password@host:587?tls=1 "
            "or smtps://...:465 (?timeout=N seconds, default 10); empty: mail is printed"),
    Setting("NEWSDESK_EMAIL_FROM", TEXT,
            Derived(lambda values: f"{values['NEWSDESK_SITE_NAME']} <noreply@{base_host(values)}>",
                    "`<site name> <noreply@<base URL host>>`"),
            "sender of the site's mail"),
    Setting("NEWSDESK_TRUSTED_PROXIES", NETWORKS, (),
            "addresses or CIDRs of your reverse proxies (e.g. 127.0.0.1/32,10.0.0.0/8); the "
            "client address header is believed only on connections from them, read from the "
            "right past every trusted proxy; replaces the proxy count (docs/deploy.md)"),
    Setting("NEWSDESK_PROXY_COUNT", INTEGER,
            Derived(lambda values: int(https(values)), "`1` with an https base URL, else `0`"),
            "without trusted proxies: how many reverse proxies in front append to the header; "
            "the client address is the one that many places from the right", minimum=0),
    Setting("NEWSDESK_JOBS_URL", TEXT, "", "where jobs wait for `newsdesk worker`: "
            "sqlite:///path/jobs.sqlite3, redis://host:6379/0 or memory:; empty: the Redis of "
            "REDIS_URL when set, else a SQLite file in the data directory (docs/operations.md)"),
    Setting("NEWSDESK_JOBS_THREADS", INTEGER, 2, "jobs one `newsdesk worker` runs at once",
            minimum=1),
    Setting("NEWSDESK_JOBS_IMMEDIATE", BOOLEAN, False,
            "run every job at once where it is queued, without a worker (tests, scripts); "
            "`newsdesk worker` then refuses to start"),
    Setting("NEWSDESK_CLIENT_IP_HEADER", TEXT, "X-Forwarded-For",
            "the header those proxies name the client in (e.g. X-Real-IP, CF-Connecting-IP); "
            "believed only under the two settings above"),
    Setting("NEWSDESK_OUTBOUND_ALLOWED_NETWORKS", NETWORKS, (),
            "private or loopback networks webhooks and ActivityPub requests may go to (e.g. "
            "10.1.2.0/24 for a chat server on the newsroom's network); none by default: "
            "such addresses are refused, redirects to them too"),
)
get = SETTINGS.get
