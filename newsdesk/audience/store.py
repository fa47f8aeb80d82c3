"""Writing a batch of views and likes in one transaction.

Everything a batch changes happens in a single transaction: the visitor marks
that dedupe views, the like marks, the per-day rows, the referrer rows and
`Article.view_count` / `like_count`. Either all of it is committed or none,
and the totals read back at the end are the ones the requests answer with.

The SQL is written by hand because it needs `INSERT ... ON CONFLICT` with
`RETURNING` (SQLite 3.35+ and PostgreSQL), which tells exactly which visitors
are new even when several processes write at once. Rows and articles are
always touched in sorted order so that concurrent transactions on PostgreSQL
cannot deadlock.
"""

import contextlib
import fcntl
import os
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from newsdesk.audience import conf
from newsdesk.audience.models import DailyStat, LikeMark, ReferrerStat, VisitorMark
from newsdesk.publishing.models import Article

# Rows per INSERT statement: far below SQLite's limit of 32,766 parameters.
CHUNK = 250

_pruned_on = None  # the day this process last deleted older marks

COUNTED, REPEAT, UNKNOWN, CHANGED, UNCHANGED = "counted", "repeat", "unknown", "changed", "unchanged"


@dataclass(frozen=True, slots=True)
class View:
    article_id: int
    day: object  # datetime.date
    visitor: str
    referrer: str = ""


@dataclass(frozen=True, slots=True)
class Like:
    article_id: int
    day: object
    visitor: str
    liked: bool  # False: withdraw the like


@dataclass(frozen=True, slots=True)
class Result:
    status: str
    views: int = 0
    likes: int = 0


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _day(day):
    return connection.ops.adapt_datefield_value(day)


def write_batch(operations):
    """Apply View and Like operations; return one Result per operation, in order."""
    global _pruned_on
    dedupe = conf.get("AUDIENCE_DEDUPE")
    today = timezone.localdate()
    if _pruned_on != today:
        prune_marks(today)
        _pruned_on = today
    with _sqlite_writer_turn(), transaction.atomic():
        live = _published({operation.article_id for operation in operations})
        views = [op for op in operations if isinstance(op, View) and op.article_id in live]
        fresh = _mark_visitors(views)
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
                row[0] += 1
                row[1] += is_new
                referrers[(op.article_id, op.day, op.referrer)] += 1
                counted = is_new or not dedupe
                view_delta[op.article_id] += counted
                statuses.append(COUNTED if counted else REPEAT)
            elif _set_like(op):
                row[2 if op.liked else 3] += 1
                like_delta[op.article_id] += 1 if op.liked else -1
                statuses.append(CHANGED)
            else:
                statuses.append(UNCHANGED)
        _add_daily(daily)
        _add_referrers(referrers)
        totals = _update_articles(sorted(live), view_delta, like_delta)
    return [
        Result(status, *totals.get(op.article_id, (0, 0)))
        for status, op in zip(statuses, operations, strict=True)
    ]


_lock_file = None  # (pid, file object) of this process's SQLite writer lock


@contextlib.contextmanager
def _sqlite_writer_turn():
    """On SQLite, make the worker processes' flushers take turns through an OS lock.

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


def prune_marks(today):
    """Delete the visitor and like marks of days before today; returns how many.

    Runs with the first batch of each day in every process, so a day's hashes
    outlive it by at most the time until the next count.
    """
    visitors, _ = VisitorMark.objects.filter(day__lt=today).delete()
    likes, _ = LikeMark.objects.filter(day__lt=today).delete()
    return visitors + likes


def _mark_visitors(views):
    """Insert today's visitor marks; return the (article, day, visitor) keys that were new."""
    by_day = defaultdict(set)
    for op in views:
        by_day[op.day].add((op.article_id, op.visitor))
    fresh = set()
    sql = (
        f"INSERT INTO {_table(VisitorMark)} (article_id, day, visitor) VALUES {{rows}} "
        "ON CONFLICT (article_id, day, visitor) DO NOTHING RETURNING article_id, visitor"
    )
    with connection.cursor() as cursor:
        for day, keys in sorted(by_day.items()):
            keys = sorted(keys)
            for start in range(0, len(keys), CHUNK):
                chunk = keys[start:start + CHUNK]
                params = []
                for article_id, visitor in chunk:
                    params += [article_id, _day(day), visitor]
                cursor.execute(sql.format(rows=", ".join(["(%s, %s, %s)"] * len(chunk))), params)
                fresh.update((article_id, day, visitor) for article_id, visitor in cursor.fetchall())
    return fresh


def _set_like(op):
    """Record today's like or withdrawal; True when it changed the visitor's state."""
    table = _table(LikeMark)
    sql = (
        f"INSERT INTO {table} (article_id, day, visitor, liked) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (article_id, day, visitor) DO UPDATE SET liked = excluded.liked "
        f"WHERE {table}.liked <> excluded.liked RETURNING article_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [op.article_id, _day(op.day), op.visitor, op.liked])
        return bool(cursor.fetchall())


def _add_daily(daily):
    if not daily:
        return
    table = _table(DailyStat)
    rows, params = [], []
    for (article_id, day), (views, visitors, likes, unlikes) in sorted(daily.items()):
        rows.append("(%s, %s, %s, %s, %s, %s)")
        params += [article_id, _day(day), views, visitors, likes, unlikes]
    set_clause = ", ".join(
        f"{column} = {table}.{column} + excluded.{column}"
        for column in ("views", "visitors", "likes", "unlikes")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, day, views, visitors, likes, unlikes) "
            f"VALUES {', '.join(rows)} ON CONFLICT (article_id, day) DO UPDATE SET {set_clause}",
            params,
        )


def _add_referrers(referrers):
    if not referrers:
        return
    table = _table(ReferrerStat)
    items = sorted(referrers.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), CHUNK):
            chunk = items[start:start + CHUNK]
            params = []
            for (article_id, day, domain), views in chunk:
                params += [article_id, _day(day), domain, views]
            cursor.execute(
                f"INSERT INTO {table} (article_id, day, domain, views) VALUES "
                f"{', '.join(['(%s, %s, %s, %s)'] * len(chunk))} "
                f"ON CONFLICT (article_id, day, domain) DO UPDATE SET views = {table}.views + "
                "excluded.views",
                params,
            )


def _published(article_ids):
    """The ids among these of articles readers may see.

    The same rule as ArticleQuerySet.published() (a test keeps them in step),
    in SQL because this runs once per batch on the hot path and the ORM's query
    compilation alone would cost more than the rest of the batch.
    """
    ids = sorted(article_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {_table(Article)} WHERE id IN ({', '.join(['%s'] * len(ids))}) "
            "AND status = %s AND published_at <= %s",
            [*ids, Article.Status.PUBLISHED, connection.ops.adapt_datetimefield_value(
                timezone.now())],
        )
        return {row[0] for row in cursor.fetchall()}


def _update_articles(article_ids, view_delta, like_delta):
    """Add the deltas to the articles' totals; return {id: (view_count, like_count)}."""
    if not article_ids:
        return {}
    views = " ".join(f"WHEN {int(pk)} THEN {int(view_delta[pk])}" for pk in article_ids)
    likes = " ".join(f"WHEN {int(pk)} THEN {int(like_delta[pk])}" for pk in article_ids)
    ids = ", ".join(str(int(pk)) for pk in article_ids)
    # One statement for the whole batch; CASE rather than MAX/GREATEST so that the
    # same SQL runs on SQLite and PostgreSQL. Every value is an int from this module.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_table(Article)} SET view_count = view_count + CASE id {views} END, "
            f"like_count = CASE WHEN like_count + CASE id {likes} END < 0 THEN 0 "
            f"ELSE like_count + CASE id {likes} END END "
            f"WHERE id IN ({ids}) RETURNING id, view_count, like_count"
        )
        return {pk: (view_count, like_count) for pk, view_count, like_count in cursor.fetchall()}
