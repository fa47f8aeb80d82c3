"""The live view and like counts in Redis, shared by every app process (AUDIENCE_REDIS_URL).

A count is one Lua script (redis_scripts.COUNT), atomic in Redis: the day's visitor
or like mark, the article's totals and an entry in a stream change together,
and the reader is answered with the totals that script returns. Every process
on every machine therefore answers with the same current numbers, and no
request waits for the database. The stream is then written to the database
by drainer.py, exactly once.

Redis asks for the database's word where it cannot know: an article it has
not checked for conf.FRESH_SECONDS (is it published? its totals to start from) and
the marks of a day it holds none of (a new day, a flushed Redis).

Keys, all under "<NEWSDESK_CACHE_KEY_PREFIX>:audience:":
  totals:<article>            hash v, l: the article's live totals
  live:<article>              set while the article was found published lately
  seen:<day>:<article>        set of the day's visitors (expires after the day)
  liked:<day>:<article>       hash visitor -> 1|0: the day's likes (likewise)
  stream, epoch, drained      the counts on their way to the database (drainer.py)
  drainer                     the lock of the process that drains
"""

import contextlib
import datetime
import functools
import logging
import secrets
import time
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from newsdesk.audience import conf, redis_scripts
from newsdesk.audience.batch_sql import CHANGED, COUNTED, REPEAT, UNCHANGED, Like, Result, View
from newsdesk.audience.committer import CommitFailed

# Marks outlive their day by this much: a view sent just before midnight still finds them.
MARKS_GRACE_SECONDS = 3600
# After Redis could not be reached, this process counts in the database for this long.
DOWN_SECONDS = 1.0
# Totals are set from the database only while the stream holds no more than this
# (a script going through them holds Redis up: about 10 ms for 2,000).
RECONCILE_LIMIT = 2000
# Errors with which Redis refuses a command without running it (the first word).
REFUSALS = {"OOM", "BUSY", "LOADING", "READONLY", "MASTERDOWN", "MISCONF", "NOPERM",
            "NOAUTH", "NOREPLICAS"}

logger = logging.getLogger(__name__)


class Unreachable(Exception):
    """Redis could not be asked, or refused: nothing was counted there."""


class Uncertain(CommitFailed):
    """The script was sent but no answer came: it may or may not have counted."""


@dataclass(frozen=True)
class Check:
    """What Redis needs from the database before it can count."""

    article: bool  # is it published, and its totals
    marks: bool  # the day's marks


@dataclass(frozen=True)
class Checked:
    totals: tuple | None = None  # (views, likes) of the published article
    marks: bool = False  # the day's marks are loaded


class RedisCounters:
    """The counter store in one Redis, under one key prefix.

    `background=False` starts no drainer thread (tests drain with drainer.drain()).
    """

    def __init__(self, url, prefix, *, background=True):
        import redis
        from redis.backoff import NoBackoff
        from redis.exceptions import BusyLoadingError, NoScriptError, RedisError, ResponseError
        from redis.retry import Retry

        self._errors = RedisError
        self._noscript = NoScriptError
        self._answers = (BusyLoadingError, ResponseError)  # errors Redis sent
        # No retries: a count sent twice would be counted twice.
        self._redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=0.5,
                                           retry=Retry(NoBackoff(), 0))
        self.prefix = f"{prefix}:audience"
        self.stream = f"{self.prefix}:stream"
        self.background = background
        self._epoch = secrets.token_hex(8)  # offered in case the stream is new
        self._scripts = {
            text: self._redis.register_script(text) for text in (
                redis_scripts.COUNT, redis_scripts.READ, redis_scripts.WRITTEN, redis_scripts.HOLD)
        }
        self._down_until = 0.0
        self._warned_at = float("-inf")

    def _key(self, *parts):
        return ":".join([self.prefix, *map(str, parts)])

    def _marks_key(self, operation):
        kind = "seen" if isinstance(operation, View) else "liked"
        return self._key(kind, operation.day.isoformat(), operation.article_id)

    def count(self, operation, dedupe=True, checked=None):
        """Count a View or Like: its batch_sql.Result, or a Check of what the database must say."""
        view = isinstance(operation, View)
        flag = dedupe if view else operation.liked
        totals = checked.totals if checked else None
        keys = [self._key("totals", operation.article_id), self._key("live", operation.article_id),
                self._marks_key(operation), self.stream, self._key("epoch")]
        args = ["v" if view else "l", operation.article_id, operation.day.isoformat(),
                operation.visitor, int(flag), operation.referrer if view else "", self._epoch,
                int(totals is not None), *(totals or (0, 0)), conf.FRESH_SECONDS,
                int(bool(checked and checked.marks)), _marks_expire_at(operation.day)]
        reply = self._run_once(redis_scripts.COUNT, keys, args)
        if reply[0] == b"check":
            return Check(article=bool(reply[1]), marks=bool(reply[2]))
        done, views, likes = reply
        if view:
            return Result(COUNTED if done else REPEAT, views, likes)
        return Result(CHANGED if done else UNCHANGED, views, likes)

    def _run_once(self, text, keys, args):
        """Run a counting script at most once; Unreachable when surely not run at all."""
        if time.monotonic() < self._down_until:
            raise Unreachable("Redis could not be reached a moment ago")
        script = self._scripts[text]
        pool = self._redis.connection_pool
        try:
            connection = pool.get_connection()  # connects; nothing is sent yet
        except self._errors as exc:
            self._down(exc)
            raise Unreachable(str(exc)) from exc
        try:
            try:
                return self._ask(connection, "EVALSHA", script.sha, keys, args)
            except self._noscript:
                return self._ask(connection, "EVAL", text, keys, args)
        finally:
            pool.release(connection)

    def _ask(self, connection, command, script, keys, args):
        try:
            connection.send_command(command, script, len(keys), *keys, *args)
        except self._errors as exc:  # not sent whole: not run
            self._down(exc)
            raise Unreachable(str(exc)) from exc
        try:
            return connection.read_response()
        except self._noscript:
            raise
        except self._answers as exc:
            # Refused, or not understood (a Redis older than 7 cannot read "#!lua"): not run.
            if str(exc).split(" ", 1)[0] in REFUSALS or "Error compiling script" in str(exc):
                self._down(exc)
                raise Unreachable(str(exc)) from exc
            raise Uncertain(f"Redis answered: {exc}") from exc
        except self._errors as exc:
            raise Uncertain(f"Redis did not answer: {exc}") from exc

    def _down(self, exc):
        self._down_until = time.monotonic() + DOWN_SECONDS
        if time.monotonic() - self._warned_at > 60:
            self._warned_at = time.monotonic()
            logger.warning("Redis cannot count (%s); counting in the database instead", exc)

    def load_marks(self, operation, marks):
        """Give Redis the database's marks of this operation's article and day.

        `marks`: visitors (views) or (visitor, liked) pairs (likes). Added, never
        overwriting, so marks Redis took meanwhile win.
        """
        key = self._marks_key(operation)
        with self._asking(), self._redis.pipeline(transaction=False) as pipe:
            marks = list(marks)
            for start in range(0, len(marks), 1000):
                chunk = marks[start:start + 1000]
                if isinstance(operation, Like):
                    for visitor, liked in chunk:
                        pipe.hsetnx(key, visitor, int(liked))
                else:
                    pipe.sadd(key, *chunk)
            pipe.expireat(key, _marks_expire_at(operation.day))
            pipe.execute()

    def read(self, limit):
        """(epoch, [(entry id, operation or None)]): the oldest entries of the stream."""
        with self._asking():
            epoch, entries = self._scripts[redis_scripts.READ](
                keys=[self.stream, self._key("epoch")], args=[limit])
        return epoch.decode(), [(parse_id(entry_id), _operation(fields))
                                for entry_id, fields in entries]

    def written(self, epoch, last_id, totals):
        """The database holds the entries up to last_id, and these {article: (views, likes)}."""
        keys = [self.stream, self._key("epoch"), self._key("drained")]
        args = [epoch, format_id(last_id), format_id((last_id[0], last_id[1] + 1)),
                RECONCILE_LIMIT]
        for article_id, (views, likes) in sorted(totals.items()):
            keys.append(self._key("totals", article_id))
            args += [article_id, views, likes]
        with self._asking():
            self._scripts[redis_scripts.WRITTEN](keys=keys, args=args)

    def take_lock(self, token, seconds):
        with self._asking():
            return bool(self._redis.set(self._key("drainer"), token, nx=True,
                                        px=int(seconds * 1000)))

    def keep_lock(self, token, seconds):
        with self._asking():
            return bool(self._scripts[redis_scripts.HOLD](keys=[self._key("drainer")],
                                                    args=[token, int(seconds * 1000)]))

    def release_lock(self, token):
        with self._asking():
            self._scripts[redis_scripts.HOLD](keys=[self._key("drainer")], args=[token])

    def pending(self):
        """How many entries the stream holds (written or not)."""
        with self._asking():
            return self._redis.xlen(self.stream)

    def clear(self):
        """Delete every key of this store (tests; a site being removed)."""
        with self._asking():
            for key in self._redis.scan_iter(match=f"{self.prefix}:*", count=1000):
                self._redis.delete(key)

    @contextlib.contextmanager
    def _asking(self):
        """Redis's errors become Unreachable."""
        try:
            yield
        except self._errors as exc:
            raise Unreachable(str(exc)) from exc


def parse_id(raw):
    milliseconds, _, sequence = (raw.decode() if isinstance(raw, bytes) else raw).partition("-")
    return int(milliseconds), int(sequence)


def format_id(entry_id):
    return f"{entry_id[0]}-{entry_id[1]}"


def _operation(fields):
    """The View or Like a stream entry stands for, as Redis decided it; None if malformed."""
    try:
        f = dict(zip(fields[::2], fields[1::2], strict=True))
        article_id, day = int(f[b"a"]), datetime.date.fromisoformat(f[b"d"].decode())
        visitor = f[b"u"].decode()
        if f[b"t"] == b"v":
            return View(article_id, day, visitor, f[b"r"].decode(),
                        decided=(f[b"n"] == b"1", f[b"c"] == b"1"))
        return Like(article_id, day, visitor, liked=f[b"c"] == b"1", decided=f[b"n"] == b"1")
    except (KeyError, ValueError, UnicodeDecodeError):
        logger.error("Skipped a malformed counter stream entry: %r", fields)
        return None


def _marks_expire_at(day):
    """Unix time when a day's marks go: the end of that day in the newsroom's time zone."""
    return _day_end(day, timezone.get_current_timezone_name()) + MARKS_GRACE_SECONDS


@functools.lru_cache(maxsize=8)
def _day_end(day, zone):
    midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return int(timezone.make_aware(midnight, zoneinfo.ZoneInfo(zone)).timestamp())


_UNSET = object()
_override = _UNSET


def counters():
    """This process's RedisCounters, or None when counts go straight to the database."""
    if _override is not _UNSET:
        return _override
    url = conf.get("REDIS_URL")
    if not url:
        return None
    return _counters(url, settings.CACHES["default"].get("KEY_PREFIX") or "newsdesk")


@functools.cache
def _counters(url, prefix):
    return RedisCounters(url, prefix)


def set_counters(store):
    """Use this RedisCounters (or None: the database) in this process (tests); returns the
    previous override."""
    global _override
    previous, _override = _override, store
    return previous
