"""Signed webhooks: one Delivery per event and endpoint, tried from the job queue.

Payloads follow the Standard Webhooks conventions: a JSON body
`{"type": "story.published", "timestamp": "...", "data": {...}}` and the headers
webhook-id (the delivery's id, the same on every try: receivers deduplicate on
it), webhook-timestamp (Unix seconds of this try) and webhook-signature
(`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the endpoint's secret),
signed by the `standardwebhooks` library, which receivers can verify with too.

A try that does not end in a 2xx within API_WEBHOOK_TIMEOUT_SECONDS is logged
and retried after API_WEBHOOK_RETRY_SECONDS, doubling each time, up to
API_WEBHOOK_ATTEMPTS tries; an endpoint whose deliveries fail
API_WEBHOOK_DISABLE_AFTER times in a row is switched off and the
administrators are emailed.
"""

import base64
import datetime
import json
import logging
import secrets

import requests
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from newsdesk.api import conf
from newsdesk.api.models import Attempt, Delivery, Endpoint
from newsdesk.core import outbound

logger = logging.getLogger("newsdesk.api.webhooks")
USER_AGENT = "newsdesk-webhooks/1 (+https://www.standardwebhooks.com/)"


def new_secret():
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def body_of(delivery):
    return json.dumps(delivery.payload, cls=DjangoJSONEncoder, ensure_ascii=False,
                      separators=(",", ":"))


def emit(event, data):
    """Queue `event` for every active endpoint that wants it, once the transaction commits."""
    now = timezone.now()
    payload = json.loads(json.dumps({"type": event, "timestamp": now.isoformat(), "data": data},
                                    cls=DjangoJSONEncoder))
    created = []
    for endpoint in Endpoint.objects.filter(active=True):
        if endpoint.wants(event):
            created.append(Delivery.objects.create(
                endpoint=endpoint, event=event, payload=payload, created_at=now,
                message_id="msg_" + secrets.token_urlsafe(18), next_attempt_at=now))
    for delivery in created:
        transaction.on_commit(lambda pk=delivery.pk: enqueue(pk))
    return created


def enqueue(delivery_id, delay=None):
    """Hand a delivery to the job queue (api/jobs.py)."""
    try:
        from newsdesk.api import jobs
    except ImportError:  # a site without the job queue: the delivery waits, logged
        logger.warning("webhook delivery %s waits: the job queue is not installed", delivery_id)
        return
    jobs.queue_delivery(delivery_id, delay)


def signed_headers(delivery, moment):
    body = body_of(delivery)
    signature = Webhook(delivery.endpoint.secret).sign(delivery.message_id, moment, body)
    return body, {
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": signature,
        "Content-Type": "application/json",
    }


def attempt(delivery_id):
    """Try one delivery once; returns the seconds to wait before the next try, or None."""
    delivery = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return None
    if not delivery.endpoint.active:
        return None
    moment = timezone.now()
    body, headers = signed_headers(delivery, moment)
    status_code, error, elapsed = None, "", None
    try:
        response, seconds = outbound.send(
            "POST", delivery.endpoint.url, user_agent=USER_AGENT, data=body.encode(),
            headers=headers, timeout=conf.get("WEBHOOK_TIMEOUT_SECONDS"), max_bytes=64_000,
            allow_redirects=True)
        status_code, elapsed = response.status_code, int(seconds * 1000)
        if not 200 <= status_code < 300:
            error = f"answered {status_code}"
    except outbound.Refused as refused:
        error = f"refused: {refused}"
    except requests.exceptions.Timeout:
        error = f"no answer within {conf.get('WEBHOOK_TIMEOUT_SECONDS')} s"
    except requests.exceptions.TooManyRedirects:
        error = "too many redirects"
    except requests.exceptions.RequestException as failure:
        error = f"could not connect: {type(failure).__name__}"
    return record(delivery, moment, status_code, elapsed, error[:300])


def record(delivery, moment, status_code, elapsed, error):
    Attempt.objects.create(delivery=delivery, at=moment, status_code=status_code,
                           response_ms=elapsed, error=error)
    delivery.attempts += 1
    delivery.status_code, delivery.response_ms, delivery.error = status_code, elapsed, error
    endpoint = delivery.endpoint
    if not error:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = \
            Delivery.Status.DELIVERED, timezone.now(), None
        delivery.save()
        Endpoint.objects.filter(pk=endpoint.pk).update(failures_in_a_row=0)
        return None
    logger.warning("webhook %s to %s, try %d: %s", delivery.message_id, endpoint.url,
                   delivery.attempts, error)
    if delivery.attempts < conf.get("WEBHOOK_ATTEMPTS"):
        delay = conf.get("WEBHOOK_RETRY_SECONDS") * 2 ** (delivery.attempts - 1)
        delivery.next_attempt_at = timezone.now() + datetime.timedelta(seconds=delay)
        delivery.save()
        return delay
    delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
    delivery.save()
    Endpoint.objects.filter(pk=endpoint.pk).update(failures_in_a_row=F("failures_in_a_row") + 1)
    endpoint.refresh_from_db()
    if endpoint.active and endpoint.failures_in_a_row >= conf.get("WEBHOOK_DISABLE_AFTER"):
        switch_off(endpoint, error)
    return None


def switch_off(endpoint, error):
    from newsdesk.api import emails

    reason = f"{endpoint.failures_in_a_row} deliveries in a row failed; the last: {error}"
    Endpoint.objects.filter(pk=endpoint.pk).update(active=False, disabled_reason=reason[:300])
    endpoint.refresh_from_db()
    logger.error("webhook endpoint %s switched off: %s", endpoint.url, reason)
    transaction.on_commit(lambda: emails.endpoint_switched_off(endpoint.pk))


def redeliver(delivery):
    """Try a delivery again by hand: the same id and payload, a fresh signature."""
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PENDING, next_attempt_at=timezone.now(), attempts=0)
    transaction.on_commit(lambda: enqueue(delivery.pk))


def send_test(endpoint):
    """A `ping` event to one endpoint, to check the receiver and its secret."""
    now = timezone.now()
    delivery = Delivery.objects.create(
        endpoint=endpoint, event="ping", created_at=now, next_attempt_at=now,
        message_id="msg_" + secrets.token_urlsafe(18),
        payload={"type": "ping", "timestamp": now.isoformat(),
                 "data": {"site": settings.NEWSDESK_SITE_NAME}})
    transaction.on_commit(lambda: enqueue(delivery.pk))
    return delivery
