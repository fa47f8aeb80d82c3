"""Digests: at a list's time, the stories published since the last one, once per period."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.test import TestCase

from newsdesk.newsletter import digests
from newsdesk.newsletter.models import Issue, NewsletterList
from newsdesk.newsletter.tests.conftest import make_subscriber
from newsdesk.publishing.tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def daily(lists, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    return NewsletterList.objects.create(name="Morning", slug="morning", language="en",
                                         digest="daily", digest_time=datetime.time(7, 0))


def at(day, hour, minute=0):
    return datetime.datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


def test_the_due_time_is_the_latest_digest_time_in_the_site_time_zone(daily):
    assert digests.due_slot(daily, at(4, 6, 59)) == at(3, 7)
    assert digests.due_slot(daily, at(4, 7, 0)) == at(4, 7)
    daily.digest, daily.digest_weekday = "weekly", 0  # Mondays; 4 May 2026 is a Monday
    assert digests.due_slot(daily, at(6, 12)) == at(4, 7)
    assert digests.due_slot(daily, at(4, 6)) == datetime.datetime(2026, 4, 27, 7,
                                                                  tzinfo=SHANGHAI)


def test_a_new_digest_list_waits_for_its_next_time(daily):
    make_subscriber("ann@example.org", [daily])
    make_article("Old news", published_at=at(3, 12))
    assert digests.start_due(at(4, 8)) == []
    daily.refresh_from_db()
    assert daily.last_digest_at == at(4, 7)


def test_a_digest_holds_the_stories_since_the_last_one_in_its_language_and_section(daily):
    city = make_category("City")
    daily.category = city
    daily.last_digest_at = at(3, 7)
    daily.save()
    make_subscriber("ann@example.org", [daily])
    wanted = make_article("Ferry back", published_at=at(3, 20), category=city)
    make_article("Too old", published_at=at(3, 6), category=city)
    make_article("Other section", published_at=at(3, 21))
    make_article("渡轮", published_at=at(3, 22), category=city, language="zh-hans")
    make_article("Too new", published_at=at(4, 7, 30), category=city)
    with TestCase.captureOnCommitCallbacks(execute=True):
        (issue,) = digests.start_due(at(4, 7, 1))
    assert list(issue.digest_articles.all()) == [wanted]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    (message,) = mail.outbox
    assert message.subject == "Morning: May 4, 2026"
    assert "Ferry back" in message.body and "Too old" not in message.body


def test_each_period_gets_one_digest_however_often_the_check_runs(daily):
    daily.last_digest_at = at(3, 7)
    daily.save()
    make_subscriber("ann@example.org", [daily])
    make_article("Ferry back", published_at=at(3, 20))
    with TestCase.captureOnCommitCallbacks(execute=True):
        digests.start_due(at(4, 7, 1))
        digests.start_due(at(4, 7, 2))
    assert Issue.objects.count() == 1 and len(mail.outbox) == 1


def test_no_stories_no_digest(daily):
    daily.last_digest_at = at(3, 7)
    daily.save()
    make_subscriber("ann@example.org", [daily])
    assert digests.start_due(at(4, 7, 1)) == [] and not Issue.objects.exists()
    daily.refresh_from_db()
    assert daily.last_digest_at == at(4, 7)
