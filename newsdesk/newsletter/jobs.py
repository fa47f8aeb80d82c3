"""The newsletter's jobs: sending issues, starting stories and digests when they are due,
resuming sends whose worker stopped, and the daily purge of old records."""

import datetime
import logging

from django.utils import timezone

from newsdesk.core import jobs
from newsdesk.newsletter import digests, records, services
from newsdesk.newsletter.models import Delivery, Issue, SendRun
from newsdesk.newsletter.sending import planning, sender

logger = logging.getLogger(__name__)


@jobs.job(retries=3, retry_delay=30)
def send_issue(issue_id):
    """Send the issue's waiting deliveries; safe to run twice at once (they share the rows)."""
    issue = Issue.objects.select_related("article", "digest_list").filter(pk=issue_id).first()
    if issue is None or issue.status != Issue.Status.SENDING:
        return
    planning.plan(issue)
    sender.recover(issue)
    run = sender.Run(issue)
    try:
        run.send_all()
    except sender.ServerTrouble as trouble:
        failures = issue.connection_failures + 1
        delay = min(600, 15 * 2 ** (failures - 1))
        when = timezone.now() + datetime.timedelta(seconds=delay)
        Issue.objects.filter(pk=issue.pk).update(
            problem=f"{trouble} (trying again at {timezone.localtime(when):%H:%M:%S})"[:500],
            connection_failures=failures, next_attempt_at=when)
        logger.warning("Issue %s: %s; trying again in %d s", issue.pk, trouble, delay)
        jobs.schedule(send_issue, issue.pk, delay=delay)
        return
    except sender.ClaimLost:
        return
    if run.sent:
        Issue.objects.filter(pk=issue.pk).update(problem="", connection_failures=0,
                                                 next_attempt_at=None)
    if jobs.stopping():
        send_issue(issue.pk)  # the queue keeps it: the next worker goes on
        return
    due = sender.finish_if_done(issue)
    if due is not None:
        Issue.objects.filter(pk=issue.pk).update(next_attempt_at=due)
        jobs.schedule(send_issue, issue.pk, eta=due)


@jobs.job()
def start_story(issue_id):
    issue = Issue.objects.select_related("article").filter(pk=issue_id).first()
    if issue is not None and issue.status == Issue.Status.SCHEDULED and issue.article.is_live:
        planning.start(issue)


@jobs.periodic(jobs.crontab(minute="*"))
def start_due():
    """Every minute: stories whose publication time came, digests whose time came, and
    sends whose worker stopped without another one taking over."""
    now = timezone.now()
    for issue in Issue.objects.filter(status=Issue.Status.SCHEDULED, send_on_publish=True,
                                      article__status="published",
                                      article__published_at__lte=now):
        planning.start(issue)
    digests.start_due(now)
    for issue in Issue.objects.filter(status=Issue.Status.SENDING):
        if issue.next_attempt_at and issue.next_attempt_at > now:
            continue
        live = [run for run in SendRun.objects.filter(issue=issue, ended_at__isnull=True)
                if sender._alive(run)]
        waiting = Delivery.objects.filter(issue=issue, status__in=[
            Delivery.Status.PENDING, Delivery.Status.CLAIMED]).exists()
        if not live and (waiting or not issue.planned_at):
            send_issue(issue.pk)
        elif not live:
            sender.finish_if_done(issue)


@jobs.periodic(jobs.crontab(minute="40", hour="3"))
def purge():
    """Daily: subscription records past retention, sign-up attempts older than a day."""
    removed = records.purge_expired()
    attempts = services.purge_signup_attempts()
    logger.info("Newsletter purge: %d records past retention, %d sign-up attempts",
                removed, attempts)
    return removed
