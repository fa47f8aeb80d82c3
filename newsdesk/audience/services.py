"""Counting views and likes, the functions the API, commands and tests all call."""

import time

from django.core.cache import cache
from django.utils import timezone

from newsdesk.audience import conf
from newsdesk.audience.committer import get_committer
from newsdesk.audience.store import Like, View
from newsdesk.audience.visitors import rate_limit_key, referrer_domain, visitor_hash
from newsdesk.publishing.models import Article

RATE_WINDOW_SECONDS = 60


def record_view(article_id, *, address, user_agent, referrer=""):
    """Count one page view; returns a store.Result once it is committed.

    Result.status is "counted", "repeat" (the visitor was already counted on
    this article today and views are deduplicated) or "unknown" (no such
    published article: nothing was written). Raises CommitFailed.
    """
    day = timezone.localdate()
    operation = View(
        article_id=article_id, day=day,
        visitor=visitor_hash(day, address, user_agent, article_id),
        referrer=referrer_domain(referrer),
    )
    return get_committer().submit(operation)


def record_like(article_id, *, address, user_agent, liked=True):
    """Like (or, with liked=False, stop liking) an article, once per visitor per day.

    Result.status is "changed", "unchanged" (already in that state today) or "unknown".
    """
    day = timezone.localdate()
    operation = Like(
        article_id=article_id, day=day,
        visitor=visitor_hash(day, address, user_agent, article_id), liked=liked,
    )
    return get_committer().submit(operation)


def current_totals(article_id):
    """(views, likes) of a published article, or None."""
    return (
        Article.objects.published().filter(pk=article_id)
        .values_list("view_count", "like_count").first()
    )


def within_rate_limit(address):
    """Count a request from this address; False once it is over the per-minute limit."""
    limit = conf.get("AUDIENCE_RATE_LIMIT")
    if not limit:
        return True
    window = int(time.time() // RATE_WINDOW_SECONDS)
    key = f"audience:rate:{rate_limit_key(address)}:{window}"
    if cache.add(key, 1, RATE_WINDOW_SECONDS * 2):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, RATE_WINDOW_SECONDS * 2)
        return True
