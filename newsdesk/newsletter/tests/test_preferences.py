"""The signed links in every email: preferences (lists, language, pause, leave) and the
one-click unsubscribe of RFC 8058; the log of it all, and the personal-data tools."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from newsdesk.comments.models import Comment
from newsdesk.core import personal_data
from newsdesk.newsletter import records, tokens
from newsdesk.newsletter.models import NewsletterList, Subscriber, SubscriptionRecord
from newsdesk.newsletter.tests.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(lists):
    return make_subscriber("ann@example.org", [lists["en"]])


def preferences_path(subscriber, lang="en"):
    return f"/{lang}/newsletter/preferences/{tokens.preferences_token(subscriber)}/"


def test_the_preferences_page_shows_the_lists_and_sets_no_cookie(client, ann, lists):
    response = client.get(preferences_path(ann))
    html = response.content.decode()
    assert response.status_code == 200 and response.cookies == {}
    assert response["Cache-Control"] == "private, no-store"
    assert "ann@example.org" in html and "News in Chinese" in html
    assert f'value="{lists["en"].pk}"' in html and "checked" in html


def test_a_reader_changes_lists_and_language_and_it_is_logged(client, ann, lists):
    response = client.post(preferences_path(ann), {"lists": [lists["zh-hans"].pk],
                                                   "language": "zh-hans"})
    assert "Your preferences are saved." in response.content.decode()
    ann.refresh_from_db()
    assert ann.language == "zh-hans"
    assert list(ann.subscriptions.values_list("newsletter_list__slug", flat=True)) == [
        "news-zh-hans"]
    record = SubscriptionRecord.objects.latest("pk")
    assert record.action == "changed" and record.lists == "news-zh-hans"


def test_pausing_stops_mail_and_unpausing_starts_it_again(client, ann, lists):
    client.post(preferences_path(ann), {"lists": [lists["en"].pk], "language": "en",
                                        "paused": "on"})
    ann.refresh_from_db()
    assert ann.status == Subscriber.Status.PAUSED and not ann.receives_mail
    client.post(preferences_path(ann), {"lists": [lists["en"].pk], "language": "en"})
    ann.refresh_from_db()
    assert ann.status == Subscriber.Status.ACTIVE
    assert list(SubscriptionRecord.objects.values_list("action", flat=True).order_by("pk")) == [
        "paused", "resumed"]


def test_leaving_unsubscribes_from_everything(client, ann):
    response = client.post(preferences_path(ann), {"leave": "1"})
    assert "You have left" in response.content.decode()
    ann.refresh_from_db()
    assert ann.status == Subscriber.Status.UNSUBSCRIBED and not ann.subscriptions.exists()


def test_a_forged_preferences_link_shows_nothing(client, ann):
    response = client.get("/en/newsletter/preferences/forged:1:x/")
    assert response.status_code == 404 and "ann@example.org" not in response.content.decode()


def test_one_click_unsubscribe_by_post_as_rfc_8058_describes(ann, lists):
    """A mail provider POSTs List-Unsubscribe=One-Click to the header's URI: no cookie, no
    Origin, no CSRF token, no confirmation step; the list is left at once."""
    other = NewsletterList.objects.create(name="Weekend", slug="weekend")
    ann.subscriptions.create(newsletter_list=other, confirmed_at=ann.confirmed_at)
    path = f"/en/newsletter/unsubscribe/{tokens.unsubscribe_token(ann, lists['en'])}/"
    mailer = Client(enforce_csrf_checks=True)
    response = mailer.post(path, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and response.cookies == {}
    ann.refresh_from_db()
    assert list(ann.subscriptions.values_list("newsletter_list__slug", flat=True)) == ["weekend"]
    assert ann.status == Subscriber.Status.ACTIVE
    weekend = f"/en/newsletter/unsubscribe/{tokens.unsubscribe_token(ann, other)}/"
    mailer.post(weekend, "List-Unsubscribe=One-Click",
                content_type="multipart/form-data; boundary=x")
    ann.refresh_from_db()
    assert ann.status == Subscriber.Status.UNSUBSCRIBED


def test_opening_the_unsubscribe_link_shows_a_button_and_changes_nothing(client, ann, lists):
    path = f"/en/newsletter/unsubscribe/{tokens.unsubscribe_token(ann, lists['en'])}/"
    response = client.get(path)
    assert response.status_code == 200 and "<button" in response.content.decode()
    ann.refresh_from_db()
    assert ann.status == Subscriber.Status.ACTIVE and ann.subscriptions.exists()


def test_the_log_is_a_chain_that_shows_tampering(client, ann):
    client.post(preferences_path(ann), {"leave": "1"})
    assert records.verify().ok
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE newsletter_subscriptionrecord SET text = 'I agreed to nothing'")
    result = records.verify()
    assert not result.ok and "changed after it was written" in result.problems[0]
    with pytest.raises(TypeError):
        SubscriptionRecord.objects.all().delete()


def test_personal_data_export_covers_newsletter_and_comments(ann):
    from newsdesk.publishing.tests.factories import make_article

    Comment.objects.create(article=make_article(), name="Ann", email="ann@example.org",
                           text="Hello")
    out = StringIO()
    call_command("personal-data", "export", "ANN@example.org", stdout=out)
    data = json.loads(out.getvalue())
    assert data["email"] == "ann@example.org"
    assert data["newsletter"]["subscriber"]["lists"][0]["list"] == "news-en"
    assert data["comments"]["comments"][0]["text"] == "Hello"
    assert set(personal_data.registered()) >= {"comments", "newsletter"}


def test_erasure_removes_the_subscriber_everywhere_and_keeps_only_truncated_records(ann):
    from newsdesk.publishing.tests.factories import make_article

    Comment.objects.create(article=make_article(), name="Ann", email="ann@example.org",
                           text="Hello")
    old_link = preferences_path(ann)
    out = StringIO()
    call_command("personal-data", "erase", "ann@example.org", "--no-input", stdout=out)
    assert "newsletter: Erased 1 newsletter subscriber" in out.getvalue()
    assert not Subscriber.objects.exists()
    assert Comment.objects.get().email == ""
    assert SubscriptionRecord.objects.latest("pk").action == "erased"
    assert "ann@example.org" not in "".join(
        SubscriptionRecord.objects.values_list("address", flat=True))
    assert Client().get(old_link).status_code == 404
