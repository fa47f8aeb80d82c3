"""`newsdesk newsletter`: send the newest story, follow it, refuse what makes no sense."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from newsdesk.newsletter.models import Issue
from newsdesk.newsletter.tests.conftest import make_subscriber
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article

# As on the command line: every statement commits, so queued jobs run when they are queued.
pytestmark = pytest.mark.django_db(transaction=True)


def newsletter(*args):
    out = StringIO()
    call_command("newsletter", *args, stdout=out)
    return out.getvalue()


def test_send_latest_sends_the_newest_story_to_its_lists_and_ends_with_a_summary(lists):
    make_article("Older", days_ago=3)
    newest = make_article("Newest", days_ago=0.1)
    make_article("Draft", status=Article.Status.DRAFT)
    for number in range(3):
        make_subscriber(f"r{number}@example.org", [lists["en"]])
    output = newsletter("send", "--latest", "--no-input")
    assert f"Issue {Issue.objects.get().pk} “Newest”: sent; sent 3, failed 0, skipped 0, " \
           "left 0." in output
    assert Issue.objects.get().article == newest
    assert sorted(message.to[0] for message in mail.outbox) == [
        "r0@example.org", "r1@example.org", "r2@example.org"]


def test_sending_the_same_story_again_is_refused(lists, article):
    make_subscriber("ann@example.org", [lists["en"]])
    newsletter("send", "--latest", "--no-input")
    with pytest.raises(CommandError, match="was sent already"):
        newsletter("send", "--latest", "--no-input")
    assert len(mail.outbox) == 1


def test_without_no_input_and_without_a_terminal_it_asks_for_it(lists, article):
    make_subscriber("ann@example.org", [lists["en"]])
    with pytest.raises(CommandError, match="--no-input"):
        newsletter("send", "--latest")
    assert not mail.outbox


def test_nothing_to_send_to_is_said_plainly(lists, article):
    with pytest.raises(CommandError, match="Nobody is subscribed to news-en"):
        newsletter("send", "--latest", "--no-input")


def test_an_unknown_list_is_named(lists, article):
    with pytest.raises(CommandError, match="No list called gardening"):
        newsletter("send", "--article", str(article.pk), "--lists", "gardening", "--no-input")


def test_no_published_story_is_said_plainly(lists):
    with pytest.raises(CommandError, match="No story is published yet"):
        newsletter("send", "--latest", "--no-input")


def test_no_wait_queues_and_status_follows(lists, article):
    make_subscriber("ann@example.org", [lists["en"]])
    output = newsletter("send", "--latest", "--no-input", "--no-wait")
    assert "for 1 subscribers" in output
    assert "sent 1, failed 0" in newsletter("status")


def test_a_test_send_goes_to_the_given_address_only(lists, article):
    make_subscriber("ann@example.org", [lists["en"]])
    newsletter("test", "editor@example.org", "--language", "zh-hans")
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"] and message.subject.startswith("[测试] ")
    assert not Issue.objects.exists()


def test_export_writes_csv(lists, tmp_path):
    make_subscriber("ann@example.org", [lists["en"]])
    path = tmp_path / "out.csv"
    call_command("newsletter", "export", "-o", str(path), stderr=StringIO())
    assert "ann@example.org,,en,active,news-en," in path.read_text()
