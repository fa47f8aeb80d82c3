"""An issue goes to every subscriber once, through a real SMTP server (aiosmtpd)."""

import datetime

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from newsdesk.newsletter import jobs as newsletter_jobs
from newsdesk.newsletter.models import Delivery, Issue, SendRun, Subscriber
from newsdesk.newsletter.sending import planning, sender
from newsdesk.newsletter.tests.conftest import make_subscriber
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article
from tests import smtp_sink

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink(settings):
    with smtp_sink.running() as (server, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.NEWSDESK_BASE_URL = "https://news.example"
        yield server


def send(article, lists=()):
    issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article)
    issue.newsletter_lists.set(lists)
    with TestCase.captureOnCommitCallbacks(execute=True):
        planning.start(issue)
    issue.refresh_from_db()
    return issue


def test_a_story_reaches_each_subscriber_once_with_list_headers(sink, lists, article):
    for number in range(5):
        make_subscriber(f"reader{number}@example.org", [lists["en"]])
    make_subscriber("paused@example.org", [lists["en"]], status=Subscriber.Status.PAUSED)
    make_subscriber("other@example.org", [lists["zh-hans"]], language="zh-hans")
    issue = send(article)
    assert issue.status == Issue.Status.SENT
    assert sorted(sink.recipients) == [f"reader{number}@example.org" for number in range(5)]
    assert sink.duplicates == 0
    message = sink.messages[0]
    assert message["Subject"] == "Ferry returns to the bay"
    assert message["List-Id"] == '"News" <news-en.news.example>'
    assert message["List-Unsubscribe"].strip().startswith("<https://news.example/en/newsletter/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].endswith("@news.example>")
    assert len(set(sink.message_ids)) == 5
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert 'src="https://news.example/media/pier.jpg"' in html
    assert "The **ferry** is back." in text and "Unsubscribe: https://news.example/en/" in text
    progress = planning.progress(issue)
    assert (progress.total, progress.sent, progress.left) == (5, 5, 0)


def test_no_tracking_pixel_and_every_link_goes_straight_to_its_page(sink, lists, article):
    make_subscriber("ann@example.org", [lists["en"]])
    send(article)
    html = sink.messages[0].get_body(("html",)).get_content()
    import re

    images = re.findall(r'<img [^>]*src="([^"]+)"', html)
    assert images == ["https://news.example/media/pier.jpg"]
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith("https://news.example/") for link in links)
    assert not any("track" in link or "?utm" in link for link in links)


def test_sending_again_reaches_nobody_twice(sink, lists, article):
    for number in range(3):
        make_subscriber(f"r{number}@example.org", [lists["en"]])
    issue = send(article)
    planning.plan(issue)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    newsletter_jobs.send_issue.call_local(issue.pk)
    assert sink.count == 3 and sink.duplicates == 0
    assert Delivery.objects.filter(issue=issue).count() == 3


def test_a_run_whose_worker_died_hands_back_its_rows_and_keeps_the_one_in_flight(sink, lists,
                                                                                   article):
    for number in range(4):
        make_subscriber(f"r{number}@example.org", [lists["en"]])
    issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article,
                                 status=Issue.Status.SENDING)
    planning.plan(issue)
    dead = SendRun.objects.create(issue=issue, host="elsewhere", pid=1,
                                  heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    rows = list(Delivery.objects.filter(issue=issue).order_by("pk"))
    Delivery.objects.filter(pk=rows[0].pk).update(status=Delivery.Status.SENT, run=dead)
    Delivery.objects.filter(pk=rows[1].pk).update(status=Delivery.Status.IN_FLIGHT, run=dead)
    Delivery.objects.filter(pk__in=[rows[2].pk, rows[3].pk]).update(
        status=Delivery.Status.CLAIMED, run=dead)
    newsletter_jobs.send_issue.call_local(issue.pk)
    assert sorted(sink.recipients) == sorted([rows[2].email, rows[3].email])
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert planning.progress(issue).unconfirmed == 1


def test_a_live_run_elsewhere_is_left_alone(lists, article):
    issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article,
                                 status=Issue.Status.SENDING)
    make_subscriber("ann@example.org", [lists["en"]])
    planning.plan(issue)
    alive = SendRun.objects.create(issue=issue, host="elsewhere", pid=1)
    Delivery.objects.update(status=Delivery.Status.CLAIMED, run=alive)
    assert sender.recover(issue) == 0
    assert Delivery.objects.get().status == Delivery.Status.CLAIMED


def test_a_refused_address_is_undeliverable_and_the_others_still_get_it(sink, lists, article):
    make_subscriber("ann@example.org", [lists["en"]])
    gone = make_subscriber("gone@example.org", [lists["en"]])
    sink.refuse["gone@example.org"] = "550 5.1.1 No such user here"
    issue = send(article)
    assert list(sink.recipients) == ["ann@example.org"]
    gone.refresh_from_db()
    assert gone.status == Subscriber.Status.UNDELIVERABLE
    assert "550" in gone.last_failure
    assert planning.progress(issue).failed == 1 and issue.status == Issue.Status.SENT


def test_a_temporary_refusal_is_retried_later_and_repeated_ones_give_up(sink, lists, article,
                                                                        settings):
    flaky = make_subscriber("flaky@example.org", [lists["en"]])
    sink.temporary["flaky@example.org"] = 10
    issue = send(article)
    delivery = Delivery.objects.get(subscriber=flaky)
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    assert delivery.not_before > timezone.now() + datetime.timedelta(minutes=9)
    assert issue.status == Issue.Status.SENDING and issue.next_attempt_at
    for _attempt in range(2):
        Delivery.objects.update(not_before=None)
        newsletter_jobs.send_issue.call_local(issue.pk)
    delivery.refresh_from_db()
    flaky.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 3
    assert flaky.soft_failures == 1 and flaky.status == Subscriber.Status.ACTIVE
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and sink.count == 0


def test_repeated_soft_failures_across_issues_mark_an_address_undeliverable(lists, article,
                                                                           settings):
    flaky = make_subscriber("flaky@example.org", [lists["en"]], soft_failures=2)
    run = sender.Run.__new__(sender.Run)
    run._soft_failure(flaky, "451 mailbox full")
    flaky.refresh_from_db()
    assert flaky.status == Subscriber.Status.UNDELIVERABLE


def test_a_mail_server_that_is_down_leaves_everyone_waiting_and_says_so(lists, article,
                                                                        settings):
    from tests.live_site import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    make_subscriber("ann@example.org", [lists["en"]])
    issue = send(article)
    assert issue.status == Issue.Status.SENDING
    assert "trying again" in issue.problem and issue.connection_failures == 1
    assert Delivery.objects.get().status == Delivery.Status.PENDING


def test_someone_who_leaves_during_a_send_is_skipped(sink, lists, article):
    ann = make_subscriber("ann@example.org", [lists["en"]])
    make_subscriber("ben@example.org", [lists["en"]])
    issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article,
                                 status=Issue.Status.SENDING)
    planning.plan(issue)
    Subscriber.objects.filter(pk=ann.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    newsletter_jobs.send_issue.call_local(issue.pk)
    assert list(sink.recipients) == ["ben@example.org"]
    assert planning.progress(issue).skipped == 1


def test_ticking_send_to_subscribers_sends_the_story_when_it_is_published(lists):
    make_subscriber("ann@example.org", [lists["en"]])
    article = make_article("Draft story", status=Article.Status.DRAFT)
    issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article, send_on_publish=True)
    assert not mail.outbox and Issue.objects.get().status == Issue.Status.DRAFT
    with TestCase.captureOnCommitCallbacks(execute=True):
        article.status = Article.Status.PUBLISHED
        article.save()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert [message.to for message in mail.outbox] == [["ann@example.org"]]


def test_a_scheduled_story_waits_for_its_publication_time(lists):
    make_subscriber("ann@example.org", [lists["en"]])
    later = timezone.now() + datetime.timedelta(hours=2)
    article = make_article("Tomorrow", published_at=later)
    with TestCase.captureOnCommitCallbacks(execute=True):
        issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article,
                                     send_on_publish=True)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED and not mail.outbox
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    with TestCase.captureOnCommitCallbacks(execute=True):
        newsletter_jobs.start_due.call_local()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT and len(mail.outbox) == 1
