"""A reader signs up in the footer form, confirms by email, and is welcomed."""

import pytest

from newsdesk.newsletter import records
from newsdesk.newsletter.models import Subscriber, SubscriptionRecord
from newsdesk.newsletter.tests.conftest import confirm, link_in, subscribe

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang, title", [("en", "Get our newsletter"), ("zh-hans", "订阅新闻简报")])
def test_every_page_has_the_sign_up_form_and_reading_it_sets_no_cookie(client, lists, article,
                                                                       lang, title):
    for path in (f"/{lang}/", f"/{lang}{article.get_absolute_url()[3:]}"):
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 200 and response.cookies == {}
        assert f'action="/{lang}/newsletter/subscribe/"' in html
        assert title in html
        assert "csrfmiddlewaretoken" not in html
        assert f'name="lists" value="{lists[lang].pk}"' in html


def test_signing_up_sends_a_confirmation_and_subscribes_nobody_yet(client, lists):
    response = subscribe(client, "Ann@Example.org", lists=[lists["en"].pk])
    assert response.status_code == 200 and response.cookies == {}
    assert "Check your inbox" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ann@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    from django.core import mail

    (message,) = mail.outbox
    assert message.to == ["ann@example.org"]
    assert "confirm" in message.subject.lower()
    assert message.alternatives[0][1] == "text/html"
    assert link_in(message, "confirm").startswith("/en/newsletter/confirm/")


def test_each_sign_up_is_logged_with_its_time_text_and_a_truncated_address(client, lists):
    subscribe(client, "jane.doe@example.org", lists=[lists["en"].pk])
    record = SubscriptionRecord.objects.get()
    assert record.action == SubscriptionRecord.Action.REQUESTED
    assert record.address == "ja…@ex….org"
    assert "jane" not in record.address + record.text
    assert record.text.startswith("Send me “News” from")
    assert record.lists == "news-en" and record.created_at
    assert records.verify().ok


def test_the_confirmation_link_shows_a_button_and_only_the_button_subscribes(client, lists):
    from django.core import mail

    subscribe(client, lists=[lists["en"].pk])
    path = link_in(mail.outbox[0], "confirm")
    page = client.get(path)
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    response = confirm(client, mail.outbox[0])
    assert "You are subscribed" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.subscriptions.get().confirmed_at is not None
    welcome = mail.outbox[-1]
    assert "Welcome" in welcome.subject and "/newsletter/preferences/" in welcome.body
    assert list(SubscriptionRecord.objects.order_by("pk").values_list("action", flat=True)) == [
        "requested", "confirmed"]


def test_a_chinese_sign_up_gets_chinese_emails(client, lists):
    from django.core import mail

    subscribe(client, "li@example.cn", lang="zh-hans", lists=[lists["zh-hans"].pk])
    assert "确认" in mail.outbox[0].subject
    assert link_in(mail.outbox[0], "confirm").startswith("/zh-hans/newsletter/confirm/")
    confirm(client, mail.outbox[0])
    assert "欢迎" in mail.outbox[-1].subject
