"""Every bad input of the sign-up and its links has a defined outcome: a clear message, a
refusal with its reason, and no subscriber lost, duplicated or mailed twice."""

import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import TestCase

from newsdesk.newsletter import tokens
from newsdesk.newsletter.models import SignupAttempt, Subscriber, SubscriptionRecord
from newsdesk.newsletter.tests.conftest import confirm, link_in, make_subscriber, subscribe

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("address", ["not-an-address", "ann@", "@example.org", "ann@localhost",
                                     "ann example@example.org", "a" * 250 + "@example.org"])
def test_an_address_that_is_not_one_gets_the_form_back_with_the_reason(client, lists, address):
    response = subscribe(client, address)
    html = response.content.decode()
    assert response.status_code == 400
    assert "valid email address" in html or "at most" in html
    assert 'name="token" value="' in html  # a fresh token: sending again works
    assert not Subscriber.objects.exists() and not mail.outbox


def test_an_empty_address_is_asked_for(client, lists):
    response = subscribe(client, "")
    assert response.status_code == 400 and "Please enter your email address." in \
        response.content.decode()


def test_a_form_without_its_token_asks_to_press_again_and_then_works(client, lists):
    response = subscribe(client, token="")
    assert response.status_code == 400
    assert "Please press Subscribe once more" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert subscribe(client).status_code == 200
    assert Subscriber.objects.count() == 1


def test_a_form_sent_too_fast_is_refused(client, lists, settings):
    settings.NEWSLETTER_MIN_SECONDS = 5
    response = subscribe(client, token=tokens.form_token(time.time()))
    assert response.status_code == 400 and "very quick" in response.content.decode()


def test_a_bot_filling_the_honeypot_is_answered_like_a_person_and_nothing_is_kept(client,
                                                                                  lists):
    response = subscribe(client, website="http://spam.example")
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox


def test_a_form_sent_from_another_site_is_refused(client, lists):
    data = {"email": "ann@example.org", "token": tokens.form_token(time.time() - 60)}
    response = client.post("/en/newsletter/subscribe/", data, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403 and not Subscriber.objects.exists()


def test_an_oversized_body_is_refused_without_reading_it(client, lists):
    response = client.post("/en/newsletter/subscribe/", {"email": "a@example.org",
                                                         "pad": "x" * 20_000},
                           HTTP_ORIGIN="http://testserver")
    assert response.status_code == 400 and "could not be read" in response.content.decode()


def test_a_flood_from_one_network_is_refused_after_the_hourly_limit(client, lists, settings):
    settings.NEWSLETTER_RATE_LIMIT = 3
    for number in range(3):
        assert subscribe(client, f"r{number}@example.org",
                         REMOTE_ADDR="203.0.113.5").status_code == 200
    response = subscribe(client, "r9@example.org", REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Too many sign-ups" in response.content.decode()
    assert Subscriber.objects.count() == 3
    assert subscribe(client, "other@example.net", REMOTE_ADDR="198.51.100.1").status_code == 200


def test_signing_someone_else_up_again_and_again_mails_them_at_most_three_times_a_day(client,
                                                                                      lists):
    for number in range(6):
        subscribe(client, "victim@example.org", REMOTE_ADDR=f"198.51.{number}.1")
    assert len(mail.outbox) == 3
    assert Subscriber.objects.count() == 1
    assert SignupAttempt.objects.count() == 6


def test_signing_up_twice_at_once_makes_one_subscriber(client, lists):
    subscribe(client, "ann@example.org")
    subscribe(client, "ANN@example.org ")
    assert Subscriber.objects.count() == 1
    assert Subscriber.objects.get().subscriptions.count() == 1


def test_an_address_already_subscribed_gets_a_note_and_nothing_changes(client, lists):
    make_subscriber("ann@example.org", [lists["en"]])
    subscribe(client, "ann@example.org", lists=[lists["en"].pk])
    (message,) = mail.outbox
    assert "already subscribed" in message.subject
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


def test_an_expired_confirmation_link_says_so_and_offers_to_sign_up_again(client, lists):
    subscribe(client)
    path = link_in(mail.outbox[0], "confirm")
    later = time.time() + 8 * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(path)
    assert response.status_code == 410 and "This link has expired" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


@pytest.mark.parametrize("token", ["forged", "eyJzIjoxLCJrIjoiYWJjIn0:1:abc"])
def test_a_forged_confirmation_link_is_not_recognised(client, lists, token):
    subscribe(client)
    response = client.post(f"/en/newsletter/confirm/{token}/")
    assert response.status_code == 404 and "Link not recognised" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_confirmation_link_for_another_subscriber_secret_no_longer_works(client, lists):
    subscribe(client)
    Subscriber.objects.update(secret="changed000000000")
    assert confirm(client, mail.outbox[0]).status_code == 404


def test_a_signed_link_of_another_kind_cannot_stand_in_for_a_confirmation(client, lists):
    subscriber = make_subscriber("ann@example.org", [])
    preferences = tokens.preferences_token(subscriber)
    assert client.post(f"/en/newsletter/confirm/{preferences}/").status_code == 404
    tampered = signing.dumps({"s": subscriber.pk, "k": subscriber.secret, "l": [1]},
                             salt="another salt")
    assert client.post(f"/en/newsletter/confirm/{tampered}/").status_code == 404


def test_confirming_twice_welcomes_once(client, lists):
    subscribe(client)
    confirm(client, mail.outbox[0])
    confirm(client, mail.outbox[0])
    assert sum("Welcome" in message.subject for message in mail.outbox) == 1
    assert SubscriptionRecord.objects.filter(action="confirmed").count() == 2


def test_a_mail_server_that_is_down_loses_no_sign_up(client, lists, settings):
    from tests.live_site import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_TIMEOUT = 2
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/en/newsletter/subscribe/", {
            "email": "ann@example.org", "token": tokens.form_token(time.time() - 60),
        }, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 200
    assert Subscriber.objects.filter(email="ann@example.org").exists()
