"""Webhook deliveries on the job queue (newsdesk.core.jobs, docs/operations.md).

One job is one try. A failed try schedules the next itself, after the delay
webhooks.attempt() computed (exponential backoff), so the delays follow the
settings rather than the decorator's fixed ones; the periodic sweep hands the
queue again any delivery whose try is overdue (a worker killed in between, or
deliveries made while no worker ran), so none is forgotten. A try that runs
twice sends the same webhook-id twice, which receivers deduplicate on.
"""

import datetime

from django.utils import timezone

from newsdesk.api import webhooks
from newsdesk.api.models import Delivery
from newsdesk.core import jobs


@jobs.job(retries=0)
def deliver_webhook(delivery_id):
    delay = webhooks.attempt(delivery_id)
    if delay is not None:
        jobs.schedule(deliver_webhook, delivery_id, delay=delay)


def queue_delivery(delivery_id, delay=None):
    if delay:
        jobs.schedule(deliver_webhook, delivery_id, delay=delay)
    else:
        deliver_webhook(delivery_id)


@jobs.periodic(jobs.crontab(minute="*/5"))
def resend_overdue_webhooks():
    """Deliveries whose next try is over five minutes late go to the queue again."""
    late = timezone.now() - datetime.timedelta(minutes=5)
    for pk in Delivery.objects.filter(status=Delivery.Status.PENDING,
                                      next_attempt_at__lt=late).values_list("pk", flat=True):
        deliver_webhook(pk)
