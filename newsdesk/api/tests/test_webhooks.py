"""Webhooks to local receivers: signed deliveries, backoff, timeouts, refusals, switching off."""

import pytest
from django.utils import timezone

from newsdesk.api import webhooks
from newsdesk.api.models import Delivery, Endpoint
from newsdesk.api.tests.receivers import receiving
from newsdesk.publishing.models import Article

pytestmark = pytest.mark.django_db
LOOPBACK = ["127.0.0.0/8"]


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.NEWSDESK_OUTBOUND_ALLOWED_NETWORKS = LOOPBACK
    settings.API_WEBHOOK_TIMEOUT_SECONDS = 1


def endpoint(url, events=("story.published", "story.updated", "story.unpublished",
                          "story.deleted", "comment.approved")):
    return Endpoint.objects.create(url=url, events=list(events), secret=webhooks.new_secret())


def run(delivery):
    """Every try of a delivery, as the queue would run them; returns the waits between."""
    waits = []
    while (wait := webhooks.attempt(delivery.pk)) is not None:
        waits.append(wait)
    delivery.refresh_from_db()
    return waits


def publish(title="Ferry strike ends"):
    return Article.objects.create(title=title, body="Text.", status="published")


def test_publishing_a_story_sends_a_signed_standard_webhook(django_capture_on_commit_callbacks):
    with receiving() as receiver:
        receiver.secret = endpoint(receiver.url).secret
        with django_capture_on_commit_callbacks(execute=True):
            article = publish()
        delivery = Delivery.objects.get()
        assert run(delivery) == [] and delivery.status == "delivered"
        headers, _body = receiver.received[0]
        assert headers["webhook-id"] == delivery.message_id
        assert headers["webhook-signature"].startswith("v1,")
        payload = receiver.verified[0]
        assert payload["type"] == "story.published"
        assert payload["data"]["id"] == article.pk and payload["data"]["title"] == article.title
        assert delivery.status_code == 204 and delivery.response_ms is not None


def test_a_forged_signature_is_refused_by_a_receiver_with_another_secret():
    with receiving(secret=webhooks.new_secret()) as receiver:
        endpoint(receiver.url)
        publish()
        delivery = Delivery.objects.get()
        webhooks.attempt(delivery.pk)
        delivery.refresh_from_db()
        assert delivery.status_code == 401 and delivery.status == "pending"


def test_editing_unpublishing_and_deleting_send_their_events():
    with receiving() as receiver:
        endpoint(receiver.url)
        article = publish()
        article.title = "Ferry strike over"
        article.save()
        article.status = Article.Status.DRAFT
        article.save()
        article.status = Article.Status.PUBLISHED
        article.save()
        article.delete()
        assert list(Delivery.objects.order_by("pk").values_list("event", flat=True)) == [
            "story.published", "story.updated", "story.unpublished", "story.published",
            "story.deleted"]


def test_an_endpoint_gets_only_the_events_it_asked_for():
    with receiving() as receiver:
        endpoint(receiver.url, events=["story.deleted"])
        publish().delete()
        assert list(Delivery.objects.values_list("event", flat=True)) == ["story.deleted"]


def test_an_endpoint_failing_twice_then_succeeding_is_retried_with_exponential_backoff(settings):
    settings.API_WEBHOOK_RETRY_SECONDS = 30
    with receiving(behaviour="fail twice") as receiver:
        endpoint(receiver.url)
        publish()
        delivery = Delivery.objects.get()
        assert run(delivery) == [30, 60]
        assert delivery.status == "delivered" and delivery.attempts == 3
        assert list(delivery.tries.values_list("status_code", flat=True)) == [500, 500, 204]
        ids = {headers["webhook-id"] for headers, _ in receiver.received}
        assert ids == {delivery.message_id}  # one id on every try: receivers deduplicate


def test_an_endpoint_that_hangs_times_out_and_is_logged(settings):
    settings.API_WEBHOOK_ATTEMPTS = 1
    with receiving(behaviour="hang") as receiver:
        endpoint(receiver.url)
        publish()
        delivery = Delivery.objects.get()
        started = timezone.now()
        run(delivery)
        assert (timezone.now() - started).total_seconds() < 5
        assert delivery.status == "failed" and "no answer within 1 s" in delivery.error


def test_a_redirect_to_a_private_address_is_refused(settings):
    settings.NEWSDESK_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.API_WEBHOOK_ATTEMPTS = 1
    with receiving(host="127.0.0.2") as private, \
            receiving(behaviour="redirect", location=private.url) as receiver:
        endpoint(receiver.url)
        publish()
        delivery = Delivery.objects.get()
        run(delivery)
        assert delivery.status == "failed" and delivery.error.startswith("refused")
        assert private.calls == 0


def test_a_private_address_is_refused_without_the_setting(settings):
    settings.NEWSDESK_OUTBOUND_ALLOWED_NETWORKS = []
    settings.API_WEBHOOK_ATTEMPTS = 1
    with receiving() as receiver:
        endpoint(receiver.url)
        publish()
        delivery = Delivery.objects.get()
        run(delivery)
        assert delivery.error.startswith("refused") and receiver.calls == 0


def test_an_endpoint_answering_500_forever_is_switched_off_and_administrators_emailed(
        settings, mailoutbox, django_capture_on_commit_callbacks):
    from newsdesk.api.tests.conftest import staff
    from newsdesk.core.roles import ADMINISTRATOR

    staff("root", ADMINISTRATOR)
    settings.API_WEBHOOK_ATTEMPTS = 2
    settings.API_WEBHOOK_DISABLE_AFTER = 2
    with receiving(behaviour="always 500") as receiver:
        hook = endpoint(receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            for index in range(3):
                publish(f"Story {index}")
            for delivery in Delivery.objects.order_by("pk"):
                run(delivery)
        hook.refresh_from_db()
        assert not hook.active and "2 deliveries in a row failed" in hook.disabled_reason
        assert receiver.calls == 4  # the third delivery was not tried: the endpoint is off
        assert len(mailoutbox) == 1 and receiver.url in mailoutbox[0].subject
        assert mailoutbox[0].to == ["root@example.org"]


def test_a_delivery_can_be_redelivered_by_hand_with_its_id_and_a_fresh_signature(
        django_capture_on_commit_callbacks):
    with receiving() as receiver:
        receiver.secret = endpoint(receiver.url).secret
        publish()
        delivery = Delivery.objects.get()
        run(delivery)
        with django_capture_on_commit_callbacks(execute=True):
            webhooks.redeliver(delivery)
        run(delivery)
        assert delivery.status == "delivered" and len(receiver.verified) == 2
        assert receiver.received[0][0]["webhook-id"] == receiver.received[1][0]["webhook-id"]
