"""Fediverse deliveries on the job queue (newsdesk.core.jobs): one job is one try, and a
failed try schedules the next itself (delivery.attempt computes the wait)."""

import datetime

from django.utils import timezone

from newsdesk.core import jobs
from newsdesk.fediverse import delivery
from newsdesk.fediverse.models import Delivery


@jobs.job(retries=0)
def deliver_activity(delivery_id):
    delay = delivery.attempt(delivery_id)
    if delay is not None:
        jobs.schedule(deliver_activity, delivery_id, delay=delay)


def queue_delivery(delivery_id, delay=None):
    if delay:
        jobs.schedule(deliver_activity, delivery_id, delay=delay)
    else:
        deliver_activity(delivery_id)


@jobs.periodic(jobs.crontab(minute="*/5"))
def resend_overdue_activities():
    """Deliveries whose next try is over five minutes late go to the queue again."""
    late = timezone.now() - datetime.timedelta(minutes=5)
    for pk in Delivery.objects.filter(status=Delivery.Status.PENDING,
                                      next_attempt_at__lt=late).values_list("pk", flat=True):
        deliver_activity(pk)
