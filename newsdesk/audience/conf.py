"""The audience app's settings (AUDIENCE_<NAME> from NEWSDESK_AUDIENCE_<NAME>), read lazily.

docs/audience.md explains them; docs/configuration.md lists them.
"""

import importlib.util

from django.core.exceptions import ImproperlyConfigured

from newsdesk.core.config import BOOLEAN, DURATION, INTEGER, TEXT, Derived, Setting, Table, project

SETTINGS = Table(
    "AUDIENCE",
    Setting("DEDUPE", BOOLEAN, True,
            "count a visitor once per article per day (true) or every page view (false)"),
    Setting("BUFFER_SECONDS", DURATION, 0.25,
            "views are answered at once and written within this long; 0: after the commit",
            minimum=0, aliases={"NEWSDESK_AUDIENCE_BUFFER_MS": 0.001}),
    Setting("RATE_LIMIT", INTEGER, 600,
            "counting requests accepted per minute from one address (IPv6: one /64); 0: no limit",
            minimum=0),
    Setting("REDIS_URL", TEXT, Derived(lambda values: values["NEWSDESK_REDIS_URL"],
                                       "`REDIS_URL`"),
            "Redis that keeps the live view and like counts for every process (it must persist "
            "its writes, docs/deploy.md); empty: counts go straight to the database",
            clean=lambda raw: project.redis_url("NEWSDESK_AUDIENCE_REDIS_URL", raw)),
    Setting("VISITOR_SECRET", TEXT, "",
            "secret from which the daily visitor salt is derived; `newsdesk serve` makes one "
            "per run for its workers, never written to disk; empty: random per process",
            aliases={"NEWSDESK_VISITOR_SECRET": 1}),
)
get = SETTINGS.get

# Not a setting: how long a process (or Redis) counts for an article it found published
# without asking the database again, so an unpublished one stops being counted soon.
FRESH_SECONDS = 10


def check_redis():
    """ImproperlyConfigured when counts should go to Redis but its client is not installed."""
    if get("REDIS_URL") and importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured(
            "REDIS_URL (or NEWSDESK_AUDIENCE_REDIS_URL) is set but the Redis client is not "
            'installed: pip install "newsdesk[redis]".'
        )
