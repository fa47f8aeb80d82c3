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
    with transaction.atomic():
        live = set(
            Article.objects.published()
            .filter(pk__in={operation.article_id for operation in operations})
            .values_list("pk", flat=True)
        )
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


def _update_articles(article_ids, view_delta, like_delta):
    """Add the deltas to the articles' totals; return {id: (view_count, like_count)}."""
    table = _table(Article)
    totals = {}
    unchanged = []
    with connection.cursor() as cursor:
        for article_id in article_ids:
            views, likes = view_delta[article_id], like_delta[article_id]
            if not views and not likes:
                unchanged.append(article_id)
                continue
            # CASE rather than MAX/GREATEST: the same SQL on SQLite and PostgreSQL.
            cursor.execute(
                f"UPDATE {table} SET view_count = view_count + %s, like_count = CASE "
                "WHEN like_count + %s < 0 THEN 0 ELSE like_count + %s END "
                "WHERE id = %s RETURNING view_count, like_count",
                [views, likes, likes, article_id],
            )
            totals[article_id] = tuple(cursor.fetchone())
    if unchanged:
        totals.update(
            (pk, (view_count, like_count))
            for pk, view_count, like_count in Article.objects.filter(pk__in=unchanged)
            .values_list("pk", "view_count", "like_count")
        )
    return totals
