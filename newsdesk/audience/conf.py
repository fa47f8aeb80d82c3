"""The audience app's settings: name, default, help. Read lazily, never at import time.

Environment variables map onto them in newsdesk/settings.py; docs/audience.md
and docs/configuration.md list them.
"""

import importlib.util

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTINGS = {
    "AUDIENCE_DEDUPE": (
        True,
        "Count a visitor once per article per day (true) or every page view (false).",
    ),
    "AUDIENCE_BUFFER_MS": (
        250,
        "Views are answered at once and written within this many ms; 0: after the commit.",
    ),
    "AUDIENCE_RATE_LIMIT": (
        600,
        "Counting requests accepted per minute from one address (IPv6: one /64); 0: no limit.",
    ),
    "AUDIENCE_REDIS_URL": (
        "",
        "Redis that keeps the live view and like counts for every process (REDIS_URL by "
        "default); empty: counts go straight to the database.",
    ),
    "AUDIENCE_VISITOR_SECRET": (
        "",
        "Secret from which the daily visitor salt is derived; empty: random per process.",
    ),
}


def get(name):
    default, _help = SETTINGS[name]
    return getattr(settings, name, default)


def check_redis():
    """ImproperlyConfigured when counts should go to Redis but its client is not installed."""
    if get("AUDIENCE_REDIS_URL") and importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured(
            "REDIS_URL (or NEWSDESK_AUDIENCE_REDIS_URL) is set but the Redis client is not "
            'installed: pip install "newsdesk[redis]".'
        )
