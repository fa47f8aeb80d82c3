"""The cookieless daily visitor hash: one reader, one thing, one day, nobody identified.

A visitor is a keyed hash of a daily salt and what the request shows (address,
user agent) plus what is counted (an article, a comment). The salt is derived
from NEWSDESK_VISITOR_SECRET, which `newsdesk serve` makes anew per run and
keeps only in its processes' memory, so a hash cannot be recomputed or linked
to anyone once the day is over. Used by the audience app (views and likes) and
the comments app (respect reactions).
"""

import datetime
import functools
import hashlib
import hmac
import secrets

from django.conf import settings

# Fallback when no secret was handed down (another WSGI server, the test suite):
# a random one for this process only. See docs/audience.md.
_process_secret = secrets.token_bytes(32)


def _secret():
    configured = getattr(settings, "AUDIENCE_VISITOR_SECRET", "")
    return configured.encode() if configured else _process_secret


@functools.lru_cache(maxsize=4)
def _salt(secret, day):
    return hmac.new(secret, day.isoformat().encode(), hashlib.sha256).digest()


def daily_salt(day: datetime.date):
    """HMAC(secret, day): the same in every worker process, different every day."""
    return _salt(_secret(), day)


def visitor_hash(day: datetime.date, address, user_agent, *counted):
    """32 hex characters standing for this visitor of `counted` on this day only."""
    parts = [str(address), str(user_agent), *(str(part) for part in counted)]
    message = "\n".join(parts).encode("utf-8", "replace")
    return hmac.new(daily_salt(day), message, hashlib.sha256).hexdigest()[:32]
