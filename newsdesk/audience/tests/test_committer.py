"""The group committer with its real flusher thread and the real batch writer."""

import datetime
import threading
import time
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from newsdesk.audience import batch_sql, services
from newsdesk.audience.batch_sql import View, write_batch
from newsdesk.audience.committer import CommitFailed, GroupCommitter, set_committer
from newsdesk.audience.models import DailyStat, LikeMark, ReferrerStat, VisitorMark
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article


def test_concurrent_submissions_share_transactions_and_each_gets_its_own_result(
    transactional_db,
):
    articles = [make_article(f"Story {n}") for n in range(3)]
    batch_sizes = []

    def recording_write(operations):
        batch_sizes.append(len(operations))
        return write_batch(operations)

    committer = GroupCommitter(recording_write)
    today = timezone.localdate()
    results, errors = [], []

    def reader(thread):
        try:
            for n in range(40):
                article = articles[n % 3]
                result = committer.submit(View(article.pk, today, f"{thread:02d}-{n:03d}"))
                results.append((article.pk, result.status, result.views))
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    committer.stop()

    assert errors == []
    assert len(results) == 320 and {status for _pk, status, _views in results} == {"counted"}
    assert sum(Article.objects.values_list("view_count", flat=True)) == 320
    assert sum(batch_sizes) == 320 and len(batch_sizes) < 320  # some batches carried several
    # Each answer is the article's total after the batch that carried it.
    for article, expected in zip(articles, (112, 104, 104), strict=True):
        article.refresh_from_db()
        answers = [views for pk, _status, views in results if pk == article.pk]
        assert article.view_count == expected == max(answers) and min(answers) >= 1


def test_a_failed_batch_fails_its_waiters_and_the_next_batch_is_written(transactional_db):
    article = make_article()
    calls = []

    def flaky_write(operations):
        calls.append(len(operations))
        if len(calls) == 1:
            raise RuntimeError("database is locked")
        return write_batch(operations)

    committer = GroupCommitter(flaky_write)
    today = timezone.localdate()
    with pytest.raises(CommitFailed, match="database is locked"):
        committer.submit(View(article.pk, today, "a" * 32))
    assert committer.submit(View(article.pk, today, "b" * 32)).views == 1
    committer.stop()
    article.refresh_from_db()
    assert article.view_count == 1


@pytest.mark.django_db
def test_the_store_counts_exactly_the_articles_readers_can_see():
    now = timezone.now()
    make_article("Live")
    make_article("Draft", status=Article.Status.DRAFT)
    make_article("Scheduled", published_at=now + datetime.timedelta(hours=1))
    make_article("Just published", published_at=now - datetime.timedelta(seconds=1))
    every_id = set(Article.objects.values_list("pk", flat=True))
    readable = set(Article.objects.published().values_list("pk", flat=True))

    with transaction.atomic():
        assert batch_sql._articles(batch_sql._Cursor(), every_id | {10**9}) == (every_id, readable)


def test_the_hand_written_sql_names_the_models_tables():
    """Audience's own tables by name; publishing's article table as publishing names it."""
    tables = {model._meta.db_table for model in (DailyStat, LikeMark, VisitorMark)}
    tables.add(ReferrerStat._meta.db_table)
    source = Path(batch_sql.__file__).read_text()
    assert all(f" {table} " in source or f" {table}." in source for table in tables)
    assert batch_sql.ARTICLES == Article._meta.db_table and "publishing_article" not in source


@pytest.mark.django_db
def test_marks_of_past_days_are_deleted_with_the_first_batch_of_a_new_day(monkeypatch):
    article = make_article()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    VisitorMark.objects.create(article=article, day=yesterday, visitor="old")
    LikeMark.objects.create(article=article, day=yesterday, visitor="old", liked=True)
    monkeypatch.setattr(batch_sql, "_pruned_on", None)

    write_batch([View(article.pk, timezone.localdate(), "new")])

    assert list(VisitorMark.objects.values_list("visitor", flat=True)) == ["new"]
    assert not LikeMark.objects.exists()
    assert DailyStat.objects.get().visitors == 1


@pytest.fixture
def buffered(transactional_db):
    """The process's committer as in production, with a 50 ms buffer."""
    committer = GroupCommitter(write_batch, buffer_seconds=0.05,
                               on_written=services.provisional.written)
    previous = set_committer(committer)
    services.provisional.__init__()
    yield committer
    committer.stop()
    set_committer(previous)


def test_buffered_views_are_answered_at_once_and_written_within_the_buffer_time(buffered):
    article = make_article(view_count=10)
    first = services.record_view(article.pk, address="192.0.2.1", user_agent="Firefox")
    # The first view of an article in a process waits for its commit: it checks the article.
    assert (first.status, first.views) == ("counted", 11)
    article.refresh_from_db()
    assert article.view_count == 11

    answers = [services.record_view(article.pk, address=f"192.0.2.{n}", user_agent="Firefox")
               for n in range(2, 12)]
    repeat = services.record_view(article.pk, address="192.0.2.2", user_agent="Firefox")

    assert [answer.views for answer in answers] == list(range(12, 22))
    assert repeat.status == "repeat" and repeat.views == 21
    time.sleep(0.3)
    article.refresh_from_db()
    assert article.view_count == 21
    assert DailyStat.objects.get().views == 12


def test_stopping_writes_the_buffered_views(buffered):
    article = make_article()
    for n in range(20):
        services.record_view(article.pk, address=f"192.0.2.{n}", user_agent="Firefox")
    buffered.stop()
    article.refresh_from_db()
    assert article.view_count == 20


def test_views_of_an_unpublished_article_are_not_buffered_once_the_database_says_so(buffered):
    article = make_article()
    services.record_view(article.pk, address="192.0.2.1", user_agent="Firefox")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    services.record_view(article.pk, address="192.0.2.2", user_agent="Firefox")  # buffered
    time.sleep(0.2)
    after = services.record_view(article.pk, address="192.0.2.3", user_agent="Firefox")
    assert after.status == "unknown"
    article.refresh_from_db()
    assert article.view_count == 1


def test_a_buffered_batch_the_database_refuses_is_written_again(transactional_db):
    article = make_article()
    failures = []

    def flaky_write(operations):
        if not failures:
            failures.append(len(operations))
            raise RuntimeError("database is locked")
        return write_batch(operations)

    committer = GroupCommitter(flaky_write, buffer_seconds=0.02)
    today = timezone.localdate()
    for n in range(5):
        assert committer.submit(View(article.pk, today, f"v{n}"), wait=False) is None
    time.sleep(0.3)
    committer.stop()
    article.refresh_from_db()
    assert failures == [5] and article.view_count == 5
