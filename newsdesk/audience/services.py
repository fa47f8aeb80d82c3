"""Counting views and likes, the functions the API, commands and tests all call."""

import threading
import time
from collections import OrderedDict

from django.core.cache import cache
from django.utils import timezone

from newsdesk.audience import conf, drainer, redis_counters
from newsdesk.audience.batch_sql import COUNTED, REPEAT, UNKNOWN, Like, Result, View
from newsdesk.audience.committer import CommitFailed, get_committer
from newsdesk.audience.models import LikeMark, VisitorMark
from newsdesk.audience.visitors import rate_limit_key, referrer_domain, visitor_hash
from newsdesk.publishing.models import Article

RATE_WINDOW_SECONDS = 60


class Provisional:
    """What this process knows between buffered writes (AUDIENCE_BUFFER_SECONDS > 0).

    The totals of articles it has recently written for, and the visitors it
    has recently seen, so that a buffered view can be answered at once with
    the numbers the page shows. The database still decides what counts when
    the buffer is written; these answers only lead it by the buffer's time.
    """

    SEEN_LIMIT = 100_000  # visitor marks kept per process (about 20 MB at most)

    def __init__(self):
        self._lock = threading.Lock()
        self._totals = {}  # article id -> [views, likes, fresh until]
        self._seen = OrderedDict()  # (day, article id, visitor) -> None

    def answer(self, operation, dedupe):
        """The Result to answer a buffered view with, or None to write it and wait."""
        with self._lock:
            entry = self._totals.get(operation.article_id)
            if entry is None or entry[2] < time.monotonic():
                return None
            key = (operation.day, operation.article_id, operation.visitor)
            repeat = key in self._seen
            self._remember(key)
            counted = not (repeat and dedupe)
            entry[0] += counted
            return Result(COUNTED if counted else REPEAT, entry[0], entry[1])

    def written(self, operations, results):
        """After each commit: the database's totals replace what was guessed."""
        fresh_until = time.monotonic() + conf.FRESH_SECONDS
        with self._lock:
            for operation, result in zip(operations, results, strict=True):
                if result.status == UNKNOWN:
                    self._totals.pop(operation.article_id, None)
                    continue
                self._totals[operation.article_id] = [result.views, result.likes, fresh_until]
                if isinstance(operation, View):
                    self._remember((operation.day, operation.article_id, operation.visitor))

    def _remember(self, key):
        self._seen[key] = None
        self._seen.move_to_end(key)
        if len(self._seen) > self.SEEN_LIMIT:
            self._seen.popitem(last=False)


provisional = Provisional()


def record_view(article_id, *, address, user_agent, referrer=""):
    """Count one page view; returns a batch_sql.Result once it is committed.

    Result.status is "counted", "repeat" (the visitor was already counted on
    this article today and views are deduplicated) or "unknown" (no such
    published article: nothing was written). Raises CommitFailed.
    With Redis (AUDIENCE_REDIS_URL) the view is counted there and answered at
    once; without, or while Redis cannot be reached, in the database. With
    AUDIENCE_BUFFER_SECONDS > 0, a view of an article this process knows is then
    answered at once and written with the next buffered batch.
    """
    day = timezone.localdate()
    operation = View(
        article_id=article_id, day=day,
        visitor=visitor_hash(day, address, user_agent, article_id),
        referrer=referrer_domain(referrer),
    )
    result = _count_in_redis(operation)
    if result is not None:
        return result
    committer = get_committer()
    if redis_counters.counters() is not None:  # Redis is down: answer once it is in the database
        return committer.submit(operation)
    if committer.buffer_seconds:
        result = provisional.answer(operation, conf.get("DEDUPE"))
        if result is not None:
            committer.submit(operation, wait=False)
            return result
    return committer.submit(operation)


def record_like(article_id, *, address, user_agent, liked=True):
    """Like (or, with liked=False, stop liking) an article, once per visitor per day.

    Result.status is "changed", "unchanged" (already in that state today) or "unknown".
    """
    day = timezone.localdate()
    operation = Like(
        article_id=article_id, day=day,
        visitor=visitor_hash(day, address, user_agent, article_id), liked=liked,
    )
    result = _count_in_redis(operation)
    return result if result is not None else get_committer().submit(operation)


def _count_in_redis(operation):
    """The operation's Result from the Redis counter store, or None to count in the database.

    None without Redis and while it cannot be reached: then nothing was counted
    there. Redis asks for the database's word on an article it has not checked
    lately and for the marks of a day it holds none of (redis_counters.Check).
    """
    counters = redis_counters.counters()
    if counters is None:
        return None
    checked = None
    try:
        for _attempt in range(3):
            answer = counters.count(operation, conf.get("DEDUPE"), checked)
            if isinstance(answer, Result):
                drainer.ensure_running(counters)
                return answer
            totals = None
            if answer.article:
                totals = current_totals(operation.article_id)
                if totals is None:
                    return Result(UNKNOWN)
            if answer.marks:
                counters.load_marks(operation, _day_marks(operation))
            checked = redis_counters.Checked(totals=totals, marks=answer.marks)
    except redis_counters.Unreachable:
        return None
    raise CommitFailed("Redis kept asking for the article to be checked")


def _day_marks(operation):
    """The database's marks of the operation's article and day, for Redis."""
    if isinstance(operation, View):
        return VisitorMark.objects.filter(
            article_id=operation.article_id, day=operation.day,
        ).values_list("visitor", flat=True)
    return LikeMark.objects.filter(
        article_id=operation.article_id, day=operation.day,
    ).values_list("visitor", "liked")


def flush():
    """Write every count Redis holds for the database now; returns how many entries were read.

    Commands that report counts and tests call it; the app processes' drainers
    do the same within a fraction of a second. Raises redis_counters.Unreachable when
    Redis cannot be reached. Without Redis there is nothing to wait for: counts
    are written by the process that took them, within AUDIENCE_BUFFER_SECONDS.
    """
    counters = redis_counters.counters()
    return 0 if counters is None else drainer.drain(counters)


def current_totals(article_id):
    """(views, likes) of a published article, or None."""
    return (
        Article.objects.published().filter(pk=article_id)
        .values_list("view_count", "like_count").first()
    )


def within_rate_limit(address):
    """Count a request from this address; False once it is over the per-minute limit."""
    limit = conf.get("RATE_LIMIT")
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
