"""The group committer with its real flusher thread and the real batch writer."""

import datetime
import threading
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from newsdesk.audience import store
from newsdesk.audience.committer import CommitFailed, GroupCommitter
from newsdesk.audience.models import DailyStat, LikeMark, ReferrerStat, VisitorMark
from newsdesk.audience.store import View, write_batch
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
        assert store._published(store._Cursor(), every_id) == readable


def test_the_hand_written_sql_names_the_models_tables():
    tables = {model._meta.db_table for model in (Article, DailyStat, LikeMark, VisitorMark)}
    tables.add(ReferrerStat._meta.db_table)
    source = Path(store.__file__).read_text()
    assert all(f" {table} " in source or f" {table}." in source for table in tables)


@pytest.mark.django_db
def test_marks_of_past_days_are_deleted_with_the_first_batch_of_a_new_day(monkeypatch):
    article = make_article()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    VisitorMark.objects.create(article=article, day=yesterday, visitor="old")
    LikeMark.objects.create(article=article, day=yesterday, visitor="old", liked=True)
    monkeypatch.setattr(store, "_pruned_on", None)

    write_batch([View(article.pk, timezone.localdate(), "new")])

    assert list(VisitorMark.objects.values_list("visitor", flat=True)) == ["new"]
    assert not LikeMark.objects.exists()
    assert DailyStat.objects.get().visitors == 1
