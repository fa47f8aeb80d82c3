"""The Redis counter store: answers from Redis, the database catching up when drained."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import override_settings

from newsdesk.audience import drainer, redis_counters, services
from newsdesk.audience.batch_sql import CHANGED, COUNTED, REPEAT, UNCHANGED, UNKNOWN
from newsdesk.audience.models import DailyStat, LikeMark, ReferrerStat, VisitorMark
from newsdesk.audience.tests.redis_helpers import like, needs_redis, today, view
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article
from tests.live_site import free_port

pytestmark = [pytest.mark.django_db, needs_redis]


def totals(article):
    article.refresh_from_db()
    return article.view_count, article.like_count


def test_a_view_is_answered_from_redis_and_written_to_the_database_when_drained(counters):
    article = make_article(view_count=1234, like_count=5)

    result = view(article, referrer="https://www.example.org/page")

    assert (result.status, result.views, result.likes) == (COUNTED, 1235, 5)  # seeded from the db
    assert totals(article) == (1234, 5)  # not yet in the database
    assert drainer.drain(counters) == 1
    assert totals(article) == (1235, 5)
    stat = DailyStat.objects.get(article=article)
    assert (stat.views, stat.visitors) == (1, 1)
    assert ReferrerStat.objects.get(article=article).domain == "example.org"
    assert VisitorMark.objects.filter(article=article, day=today()).count() == 1
    assert counters.pending() == 0  # trimmed once written


def test_a_visitor_counts_once_a_day_and_every_view_is_a_page_view(counters):
    article = make_article(view_count=10)

    answers = [view(article, "ann"), view(article, "ann"), view(article, "bob")]

    assert [(r.status, r.views) for r in answers] == [(COUNTED, 11), (REPEAT, 11), (COUNTED, 12)]
    drainer.drain(counters)
    assert totals(article)[0] == 12
    stat = DailyStat.objects.get(article=article)
    assert (stat.views, stat.visitors) == (3, 2)


@override_settings(AUDIENCE_DEDUPE=False)
def test_without_deduplication_every_view_counts_and_visitors_are_still_told_apart(counters):
    article = make_article()

    answers = [view(article, "ann"), view(article, "ann"), view(article, "bob")]

    assert [(r.status, r.views) for r in answers] == [(COUNTED, 1), (COUNTED, 2), (COUNTED, 3)]
    drainer.drain(counters)
    stat = DailyStat.objects.get(article=article)
    assert (totals(article)[0], stat.views, stat.visitors) == (3, 3, 2)


def test_a_like_counts_once_a_day_and_can_be_withdrawn(counters):
    article = make_article(like_count=7)

    answers = [like(article), like(article), like(article, liked=False), like(article, "bob")]

    assert [(r.status, r.likes) for r in answers] == [
        (CHANGED, 8), (UNCHANGED, 8), (CHANGED, 7), (CHANGED, 8),
    ]
    drainer.drain(counters)
    assert totals(article) == (0, 8)
    stat = DailyStat.objects.get(article=article)
    assert (stat.likes, stat.unlikes) == (2, 1)
    assert sorted(LikeMark.objects.values_list("liked", flat=True)) == [False, True]


def test_drafts_and_unknown_articles_are_not_counted_and_leave_nothing_in_redis(counters):
    draft = make_article(status=Article.Status.DRAFT)

    assert view(draft).status == UNKNOWN
    assert services.record_view(10**9, address="10.1.2.3", user_agent="Firefox").status == UNKNOWN
    assert like(draft).status == UNKNOWN
    assert counters.pending() == 0


def test_a_flushed_redis_starts_again_from_the_database_and_forgets_no_visitor(counters):
    article = make_article(view_count=100, like_count=1)
    view(article, "ann")
    like(article, "ann")
    drainer.drain(counters)
    counters.clear()  # what FLUSHDB (or a restart without persistence) does

    again, bob = view(article, "ann"), view(article, "bob")
    liked_again = like(article, "ann")

    assert (again.status, again.views) == (REPEAT, 101)  # the database's marks came back
    assert (bob.status, bob.views, bob.likes) == (COUNTED, 102, 2)
    assert liked_again.status == UNCHANGED
    drainer.drain(counters)  # a new stream (new epoch): written although its ids are new
    assert totals(article) == (102, 2)


def test_totals_changed_in_the_database_are_taken_up_by_the_next_drain(counters):
    article = make_article(view_count=50)
    view(article, "ann")
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1000)  # an import

    view(article, "bob")
    drainer.drain(counters)

    assert totals(article)[0] == 1052
    assert view(article, "cy").views == 1053  # Redis holds the database's total again


def test_a_view_of_an_article_unpublished_while_it_waited_is_still_written(counters):
    article = make_article(view_count=3)
    assert view(article).status == COUNTED
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    gone = make_article()
    view(gone)
    gone.delete()

    drainer.drain(counters)

    assert totals(article)[0] == 4  # the reader was told it counted
    assert counters.pending() == 0  # the deleted article's view did not block the stream


def test_the_api_answers_from_redis(counters, reader):
    article = make_article(view_count=41, like_count=2)

    response = reader.post("/api/audience/view/", json.dumps({"article": article.pk}),
                           content_type="application/json")
    liked = reader.post("/api/audience/like/", json.dumps({"article": article.pk}),
                        content_type="application/json")

    assert response.json() == {"article": article.pk, "counted": True, "views": 42, "likes": 2}
    assert liked.json()["likes"] == 3 and liked.json()["changed"] is True
    assert services.flush() == 2
    assert totals(article) == (42, 3)


def test_views_go_to_the_database_while_redis_cannot_be_reached(reader):
    unreachable = redis_counters.RedisCounters(f"redis://127.0.0.1:{free_port()}/0", "test-down",
                                       background=False)
    previous = redis_counters.set_counters(unreachable)
    try:
        article = make_article(view_count=9)
        response = reader.post("/api/audience/view/", json.dumps({"article": article.pk}),
                               content_type="application/json")
        second = view(article, "bob")  # within DOWN_SECONDS: Redis is not even asked
    finally:
        redis_counters.set_counters(previous)

    assert response.status_code == 200 and response.json()["views"] == 10
    assert second.views == 11
    assert totals(article)[0] == 11  # in the database before the answer


def test_a_view_whose_fate_in_redis_is_unknown_is_refused_not_counted_twice(
    counters, reader, monkeypatch
):
    article = make_article(view_count=9)

    def lost_answer(*args):
        raise redis_counters.Uncertain("Redis did not answer: timeout")

    monkeypatch.setattr(counters, "_run_once", lost_answer)
    response = reader.post("/api/audience/view/", json.dumps({"article": article.pk}),
                           content_type="application/json")

    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert totals(article)[0] == 9  # not counted in the database as well


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_stats_and_flush_counts_first_write_the_counts_waiting_in_redis(counters):
    article = make_article("Ferry returns")
    view(article, "ann")

    assert run("stats").splitlines()[-1].startswith("Listed 1 articles; 1 page views, 1 unique")
    view(article, "bob")
    assert run("flush-counts") == "Wrote 1 waiting counts from Redis to the database.\n"
    assert totals(article)[0] == 2


def test_flush_counts_fails_with_a_sentence_when_redis_cannot_be_reached():
    previous = redis_counters.set_counters(redis_counters.RedisCounters(
        f"redis://127.0.0.1:{free_port()}/0", "test-down", background=False))
    try:
        with pytest.raises(CommandError, match="Redis cannot be reached"):
            run("flush-counts")
    finally:
        redis_counters.set_counters(previous)
