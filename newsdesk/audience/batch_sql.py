"""Writing a batch of views and likes in one transaction.

Everything a batch changes happens in a single transaction: the visitor marks
that dedupe views, the like marks, the per-day rows, the referrer rows and
`Article.view_count` / `like_count`. Either all of it is committed or none,
and the totals read back at the end are the ones the requests answer with.

This is the hot path, so the SQL is written by hand and sent through the
database driver's own cursor inside Django's transaction: `INSERT ... ON
CONFLICT ... RETURNING` (SQLite 3.35+ and PostgreSQL) tells exactly which
visitors are new even when several processes write at once, one statement
per table carries the whole batch, and Django's query wrappers, which would
cost more than the statements themselves, are skipped. Rows and articles are
touched in sorted order so that concurrent transactions on PostgreSQL cannot
deadlock.
"""

import contextlib
import fcntl
import os
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from newsdesk.audience import conf
from newsdesk.publishing.models import Article, published_sql

ARTICLES = Article._meta.db_table  # publishing's table: its name is publishing's to choose

# Rows per INSERT statement: far below SQLite's limit of 32,766 parameters.
CHUNK = 250

# Result statuses.
COUNTED, REPEAT, UNKNOWN = "counted", "repeat", "unknown"
CHANGED, UNCHANGED = "changed", "unchanged"

_pruned_on = None  # the day this process last deleted older marks
_lock_file = None  # (pid, file object) of this process's SQLite writer lock
_mapped = None  # the SQLite connection whose memory map is set
MMAP_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class View:
    article_id: int
    day: object  # datetime.date
    visitor: str
    referrer: str = ""
    # Decided already by the Redis counter store (redis_counters.py): (new visitor, counted).
    # None: the batch decides from the database's marks.
    decided: tuple | None = None


@dataclass(frozen=True, slots=True)
class Like:
    article_id: int
    day: object
    visitor: str
    liked: bool  # False: withdraw the like
    decided: bool | None = None  # changed, as the Redis counter store decided; None: the batch


@dataclass(frozen=True, slots=True)
class Result:
    status: str
    views: int = 0
    likes: int = 0


class _Cursor:
    """The driver's cursor, taking SQL with %s placeholders on every database."""

    def __init__(self):
        global _mapped
        raw = connection.connection
        self._cursor = raw.cursor()
        self._qmark = connection.vendor == "sqlite"
        if self._qmark and _mapped is not raw:
            # Another process's commit empties this connection's page cache, so with
            # several workers every batch starts cold: reading pages through a memory
            # map costs no system call and no copy.
            self._cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            _mapped = raw

    def run(self, sql, params=()):
        self._cursor.execute(sql.replace("%s", "?") if self._qmark else sql, params)
        return self._cursor


def _day(day):
    return connection.ops.adapt_datefield_value(day)


def _values(rows, width):
    return ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * rows)


def write_batch(operations):
    """Apply View and Like operations; return one Result per operation, in order."""
    with batch_transaction() as cursor:
        return apply_batch(cursor, operations)


@contextlib.contextmanager
def batch_transaction():
    """This process's turn and one transaction to write in; yields the cursor.

    The first batch of each day also deletes the marks of the days before.
    """
    global _pruned_on
    today = timezone.localdate()
    with _sqlite_writer_turn(), _transaction():
        cursor = _Cursor()
        if _pruned_on != today:
            prune_marks(cursor, today)
        yield cursor
    _pruned_on = today


def apply_batch(cursor, operations):
    """The body of write_batch, inside a batch_transaction().

    An operation the Redis counter store has decided (`decided` set) is written
    as decided, for any article that still exists: the reader was answered so.
    The others count only on published articles, as the database's marks decide.
    """
    dedupe = conf.get("DEDUPE")
    existing, published = _articles(cursor, {operation.article_id for operation in operations})
    live = {op.article_id for op in operations
            if op.article_id in (existing if op.decided is not None else published)}
    views = [op for op in operations if isinstance(op, View) and op.article_id in live]
    fresh = _mark_visitors(cursor, views)
    daily = defaultdict(lambda: [0, 0, 0, 0])  # views, visitors, likes, unlikes
    referrers = Counter()
    view_delta, like_delta = Counter(), Counter()
    statuses = []
    for op in operations:
        if op.article_id not in live:
            statuses.append(UNKNOWN)
            continue
        row = daily[(op.article_id, op.day)]
        if isinstance(op, View):
            is_new = (op.article_id, op.day, op.visitor) in fresh
            fresh.discard((op.article_id, op.day, op.visitor))  # a repeat in the same batch
            counted = is_new or not dedupe
            if op.decided is not None:
                is_new, counted = op.decided
            row[0] += 1
            row[1] += is_new
            referrers[(op.article_id, op.day, op.referrer)] += 1
            view_delta[op.article_id] += counted
            statuses.append(COUNTED if counted else REPEAT)
            continue
        changed = _set_like(cursor, op)  # the mark is kept either way
        if op.decided is not None:
            changed = op.decided
        if changed:
            row[2 if op.liked else 3] += 1
            like_delta[op.article_id] += 1 if op.liked else -1
        statuses.append(CHANGED if changed else UNCHANGED)
    _add_daily(cursor, daily)
    _add_referrers(cursor, referrers)
    totals = _update_articles(cursor, sorted(live), view_delta, like_delta)
    return [
        Result(status, *totals.get(op.article_id, (0, 0)))
        for status, op in zip(statuses, operations, strict=True)
    ]


@contextlib.contextmanager
def _transaction():
    """BEGIN (IMMEDIATE on SQLite) ... COMMIT on the connection, or ROLLBACK on error.

    The flusher's connection is in autocommit mode, and driving the transaction
    with plain statements costs a third of what Django's atomic() does here.
    Inside a caller's atomic block (tests, commands) a savepoint does it instead.
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    cursor.execute("BEGIN IMMEDIATE" if connection.vendor == "sqlite" else "BEGIN")
    try:
        yield
    except BaseException:
        cursor.execute("ROLLBACK")
        raise
    cursor.execute("COMMIT")


@contextlib.contextmanager
def _sqlite_writer_turn():
    """On SQLite, make the worker processes' writers take turns through an OS lock.

    SQLite lets one writer in at a time and makes the others poll, sleeping 1,
    2, 5, 10... milliseconds between tries, so two busy processes would spend
    most of their time asleep. A blocking flock() wakes the next process the
    moment the lock is released. Other writers (the admin) still use SQLite's
    own waiting; PostgreSQL needs none of this.
    """
    global _lock_file
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        yield
        return
    if _lock_file is None or _lock_file[0] != os.getpid():
        path = f"{connection.settings_dict['NAME']}.audience-lock"
        _lock_file = (os.getpid(), open(path, "a+b"))  # noqa: SIM115 (kept open for the process)
    handle = _lock_file[1]
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)


def prune_marks(cursor, today):
    """Delete the visitor and like marks of days before today.

    Runs with the first batch of each day in every process, so a day's hashes
    outlive it by at most the time until the next count.
    """
    for table in ("audience_visitormark", "audience_likemark"):
        cursor.run(f"DELETE FROM {table} WHERE day < %s", [_day(today)])


def _articles(cursor, article_ids):
    """(ids that exist, ids of articles readers may see) among these.

    Published: publishing's own rule (published_sql, the SQL of published()).
    """
    ids = sorted(article_ids)
    published, params = published_sql(connection.ops.adapt_datetimefield_value(timezone.now()))
    rows = cursor.run(
        f"SELECT id, CASE WHEN {published} THEN 1 ELSE 0 END "
        f"FROM {ARTICLES} WHERE id IN ({', '.join(['%s'] * len(ids))})",
        [*params, *ids],
    )
    rows = rows.fetchall()
    return {pk for pk, _ in rows}, {pk for pk, published in rows if published}


def _mark_visitors(cursor, views):
    """Insert today's visitor marks; return the (article, day, visitor) keys that were new."""
    by_day = defaultdict(set)
    for op in views:
        by_day[op.day].add((op.article_id, op.visitor))
    fresh = set()
    for day, keys in sorted(by_day.items()):
        keys = sorted(keys)
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            params = []
            for article_id, visitor in chunk:
                params += [article_id, _day(day), visitor]
            rows = cursor.run(
                f"INSERT INTO audience_visitormark (article_id, day, visitor) VALUES "
                f"{_values(len(chunk), 3)} ON CONFLICT (article_id, day, visitor) DO NOTHING "
                "RETURNING article_id, visitor",
                params,
            )
            fresh.update((article_id, day, visitor) for article_id, visitor in rows.fetchall())
    return fresh


def _set_like(cursor, op):
    """Record today's like or withdrawal; True when it changed the visitor's state."""
    rows = cursor.run(
        "INSERT INTO audience_likemark (article_id, day, visitor, liked) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT (article_id, day, visitor) "
        "DO UPDATE SET liked = excluded.liked WHERE audience_likemark.liked <> excluded.liked "
        "RETURNING article_id",
        [op.article_id, _day(op.day), op.visitor, op.liked],
    )
    return bool(rows.fetchall())


def _add_daily(cursor, daily):
    if not daily:
        return
    params = []
    for (article_id, day), figures in sorted(daily.items()):
        params += [article_id, _day(day), *figures]
    columns = ("views", "visitors", "likes", "unlikes")
    cursor.run(
        "INSERT INTO audience_dailystat (article_id, day, views, visitors, likes, unlikes) "
        f"VALUES {_values(len(daily), 6)} ON CONFLICT (article_id, day) DO UPDATE SET "
        + ", ".join(f"{c} = audience_dailystat.{c} + excluded.{c}" for c in columns),
        params,
    )


def _add_referrers(cursor, referrers):
    items = sorted(referrers.items())
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        params = []
        for (article_id, day, domain), views in chunk:
            params += [article_id, _day(day), domain, views]
        cursor.run(
            "INSERT INTO audience_referrerstat (article_id, day, domain, views) VALUES "
            f"{_values(len(chunk), 4)} ON CONFLICT (article_id, day, domain) "
            "DO UPDATE SET views = audience_referrerstat.views + excluded.views",
            params,
        )


def _update_articles(cursor, article_ids, view_delta, like_delta):
    """Add the deltas to the articles' totals; return {id: (view_count, like_count)}."""
    if not article_ids:
        return {}
    cases = " ".join(["WHEN %s THEN %s"] * len(article_ids))
    views = [value for pk in article_ids for value in (pk, view_delta[pk])]
    likes = [value for pk in article_ids for value in (pk, like_delta[pk])]
    # One statement for the whole batch; CASE rather than MAX/GREATEST so that the
    # same SQL runs on SQLite and PostgreSQL. Its text depends only on the number
    # of articles, so the driver's statement cache keeps it prepared.
    rows = cursor.run(
        f"UPDATE {ARTICLES} SET view_count = view_count + CASE id {cases} END, "
        f"like_count = CASE WHEN like_count + CASE id {cases} END < 0 THEN 0 "
        f"ELSE like_count + CASE id {cases} END END "
        f"WHERE id IN ({', '.join(['%s'] * len(article_ids))}) "
        "RETURNING id, view_count, like_count",
        [*views, *likes, *likes, *article_ids],
    )
    return {pk: (view_count, like_count) for pk, view_count, like_count in rows.fetchall()}
