"""Draining the Redis stream into the database: each entry once, whatever dies when."""

import threading
import time

import pytest
from django.db import connection

from newsdesk.audience import batch_sql, drainer
from newsdesk.audience.models import DailyStat, StreamPosition
from newsdesk.audience.tests.redis_helpers import needs_redis, view
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article

pytestmark = needs_redis


def views_of(article):
    article.refresh_from_db()
    return article.view_count


class Crash(Exception):
    pass


@pytest.mark.django_db
def test_a_drainer_dying_after_its_commit_and_before_the_trim_writes_nothing_twice(
    counters, monkeypatch
):
    article = make_article()
    for visitor in ("ann", "bob", "cy"):
        view(article, visitor)

    def crash(*args):
        raise Crash("killed between the database's commit and the trim")

    with monkeypatch.context() as patch:
        patch.setattr(counters, "written", crash)
        with pytest.raises(Crash):
            drainer.drain(counters)
    assert views_of(article) == 3 and counters.pending() == 3  # committed, not trimmed

    view(article, "dee")
    assert drainer.drain(counters) == 4  # the three again, and the new one

    assert views_of(article) == 4
    assert DailyStat.objects.get(article=article).views == 4
    assert counters.pending() == 0
    assert StreamPosition.objects.get(stream=counters.stream).last_id.count("-") == 1


@pytest.mark.django_db
def test_a_drainer_dying_before_its_commit_leaves_the_entries_for_the_next_one(
    counters, monkeypatch
):
    article = make_article(view_count=20)
    view(article, "ann")
    view(article, "bob")

    def crash(cursor, operations):
        raise Crash("killed inside the transaction")

    with monkeypatch.context() as patch:
        patch.setattr(batch_sql, "apply_batch", crash)
        with pytest.raises(Crash):
            drainer.drain(counters)
    assert views_of(article) == 20 and counters.pending() == 2  # rolled back, kept

    drainer.drain(counters)

    assert views_of(article) == 22 and counters.pending() == 0


@pytest.mark.django_db
def test_a_malformed_entry_is_skipped_without_stopping_the_stream(counters):
    article = make_article()
    view(article, "ann")
    counters._redis.xadd(counters.stream, {"t": "v", "a": "not a number"})
    view(article, "bob")

    drainer.drain(counters)

    assert views_of(article) == 2 and counters.pending() == 0


def test_drainer_threads_of_two_processes_write_concurrent_counts_exactly_once(
    transactional_db, counters
):
    """Two drainers (as in two processes) share one lock; the counts arrive within seconds."""
    articles = [make_article(f"Story {n}", view_count=n * 100) for n in range(3)]
    drainers = [drainer.Drainer(counters).start(), drainer.Drainer(counters).start()]
    answers, errors = [], []

    def reader(number):
        try:
            for n in range(30):
                answers.append(view(articles[n % 3], f"reader {number}-{n}").views)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()  # the thread's own, opened to check the articles

    readers = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    deadline = time.monotonic() + 10
    while counters.pending() and time.monotonic() < deadline:
        time.sleep(0.05)
    for each in drainers:
        each.stop()

    assert errors == []
    assert counters.pending() == 0
    assert [views_of(article) - n * 100 for n, article in enumerate(articles)] == [40, 40, 40]
    # Each answer was a different total: every process sees the same counter.
    assert len(answers) == len(set(answers)) == 120
    assert sum(Article.objects.values_list("view_count", flat=True)) == 300 + 120



def test_when_the_draining_process_dies_another_takes_over_once_its_lock_lapses(
    transactional_db, counters, monkeypatch
):
    article = make_article()
    monkeypatch.setattr(drainer, "CONTEND_SECONDS", 0.05)
    assert counters.take_lock("a process killed with kill -9", seconds=0.5)
    survivor = drainer.Drainer(counters).start()
    try:
        view(article, "ann")
        time.sleep(0.3)
        assert views_of(article) == 0  # the dead process still holds the lock
        deadline = time.monotonic() + 5
        while views_of(article) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        drained_while_running = views_of(article)
    finally:
        survivor.stop()

    assert drained_while_running == 1
