"""Sending activities: one Delivery per inbox (a shared inbox once for all its followers),
signed as the local actor, tried from the job queue with exponential backoff."""

import datetime
import json
import logging

import requests
from django.db import transaction
from django.utils import timezone

from newsdesk.core import outbound
from newsdesk.fediverse import actors, conf, remote, signatures
from newsdesk.fediverse.models import Delivery, Follower

logger = logging.getLogger("newsdesk.fediverse")
CONTENT_TYPE = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'


def follower_inboxes(local):
    """Each follower's inbox, one shared inbox standing for all followers on its server."""
    inboxes = set()
    for follower in Follower.objects.filter(local=local).select_related("actor"):
        if not remote.is_blocked(follower.actor.uri):
            inboxes.add(follower.actor.delivery_inbox)
    return inboxes


def send(local, activity, inboxes):
    """Queue `activity` for each inbox once the transaction commits; returns the deliveries."""
    now = timezone.now()
    made = [Delivery.objects.create(actor=local, inbox=inbox, activity=activity,
                                    next_attempt_at=now) for inbox in sorted(inboxes)]
    for item in made:
        transaction.on_commit(lambda pk=item.pk: enqueue(pk))
    return made


def enqueue(delivery_id, delay=None):
    try:
        from newsdesk.fediverse import jobs
    except ImportError:  # a site without the job queue: the delivery waits, logged
        logger.warning("fediverse delivery %s waits: the job queue is not installed",
                       delivery_id)
        return
    jobs.queue_delivery(delivery_id, delay)


def attempt(delivery_id):
    """One try of one delivery; the seconds to wait before the next, or None."""
    delivery = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).first()
    if delivery is None:
        return None
    body = json.dumps(delivery.activity, separators=(",", ":")).encode()
    key = actors.key(delivery.actor)
    headers = signatures.sign("POST", delivery.inbox, actors.key_id(delivery.actor),
                              key.private_pem, body=body, headers={"Content-Type": CONTENT_TYPE})
    headers["Content-Type"] = CONTENT_TYPE
    error, status_code = "", None
    try:
        response, _seconds = outbound.send("POST", delivery.inbox, user_agent=remote.USER_AGENT,
                                           data=body, headers=headers, max_bytes=64_000,
                                           timeout=conf.get("TIMEOUT_SECONDS"),
                                           allow_redirects=False)
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"answered {status_code}"
    except outbound.Refused as refused:
        error = f"refused: {refused}"
    except requests.exceptions.RequestException as failure:
        error = f"could not deliver: {type(failure).__name__}"
    delivery.attempts += 1
    delivery.status_code, delivery.error = status_code, error[:300]
    if not error:
        delivery.status, delivery.next_attempt_at = Delivery.Status.DELIVERED, None
        delivery.save()
        return None
    logger.warning("fediverse delivery %s to %s, try %d: %s", delivery.pk, delivery.inbox,
                   delivery.attempts, error)
    # 4xx but 429: the other server refuses this activity; trying again changes nothing.
    permanent = status_code is not None and 400 <= status_code < 500 and status_code != 429
    if permanent or delivery.attempts >= conf.get("DELIVERY_ATTEMPTS"):
        delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
        delivery.save()
        return None
    delay = conf.get("RETRY_SECONDS") * 2 ** (delivery.attempts - 1)
    delivery.next_attempt_at = timezone.now() + datetime.timedelta(seconds=delay)
    delivery.save()
    return delay
