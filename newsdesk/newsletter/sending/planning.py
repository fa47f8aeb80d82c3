"""Who gets an issue: fixed once, as one Delivery row per subscriber, when sending starts."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from newsdesk.newsletter.models import Delivery, Issue, NewsletterList, Subscriber, Subscription

BATCH = 2000


def lists_for(issue):
    """The issue's lists; for a story without any, the sign-up lists of its language."""
    if issue.digest_list_id:
        return [issue.digest_list]
    chosen = list(issue.newsletter_lists.all()) if issue.pk else []  # a test send's issue
    if chosen or issue.article_id is None:
        return chosen
    language = issue.article.language
    return list(NewsletterList.objects.filter(is_default=True)
                .filter(Q(language=language) | Q(language="")))


def recipients_count(issue):
    lists = lists_for(issue)
    return (Subscription.objects.filter(newsletter_list__in=lists, confirmed_at__isnull=False,
                                        subscriber__status=Subscriber.Status.ACTIVE)
            .values("subscriber_id").distinct().count())


def plan(issue):
    """Create the issue's deliveries, once; running it again (after a crash) adds only the
    rows still missing, never a second row for anyone (a unique constraint says so)."""
    if issue.planned_at:
        return
    lists = lists_for(issue)
    order = {item.pk: position for position, item in enumerate(lists)}
    rows = (Subscription.objects
            .filter(newsletter_list__in=lists, confirmed_at__isnull=False,
                    subscriber__status=Subscriber.Status.ACTIVE)
            .order_by("subscriber_id")
            .values_list("subscriber_id", "subscriber__email", "subscriber__language",
                         "newsletter_list_id"))
    chosen = {}
    for subscriber_id, email, language, list_id in rows.iterator(chunk_size=BATCH):
        best = chosen.get(subscriber_id)
        if best is None or order[list_id] < order[best[2]]:
            chosen[subscriber_id] = (email, language, list_id)
    batch = []
    for subscriber_id, (email, language, list_id) in chosen.items():
        batch.append(Delivery(issue=issue, subscriber_id=subscriber_id, email=email,
                              language=language, newsletter_list_id=list_id))
        if len(batch) >= BATCH:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    Issue.objects.filter(pk=issue.pk).update(planned_at=timezone.now())
    issue.planned_at = timezone.now()


def start(issue):
    """Mark the issue as sending and queue the job that sends it (once this commits)."""
    from newsdesk.core import jobs
    from newsdesk.newsletter import jobs as newsletter_jobs

    with transaction.atomic():
        updated = Issue.objects.filter(
            pk=issue.pk, status__in=[Issue.Status.DRAFT, Issue.Status.SCHEDULED,
                                     Issue.Status.CANCELLED],
        ).update(status=Issue.Status.SENDING, started_at=issue.started_at or timezone.now(),
                 problem="")
        if updated:
            jobs.on_commit(newsletter_jobs.send_issue, issue.pk)
    issue.refresh_from_db()
    return bool(updated)


@dataclass
class Progress:
    total: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    waiting: int = 0
    unconfirmed: int = 0  # handed over when a worker stopped: counted as sent

    @property
    def left(self):
        return self.waiting

    @property
    def done(self):
        return self.sent + self.failed + self.skipped

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


def progress(issue):
    counts = dict(Delivery.objects.filter(issue=issue).values_list("status")
                  .annotate(count=Count("pk")).values_list("status", "count"))
    status = Delivery.Status
    result = Progress(
        sent=counts.get(status.SENT, 0) + counts.get(status.IN_FLIGHT, 0),
        failed=counts.get(status.FAILED, 0), skipped=counts.get(status.SKIPPED, 0),
        waiting=counts.get(status.PENDING, 0) + counts.get(status.CLAIMED, 0),
    )
    result.unconfirmed = Delivery.objects.filter(issue=issue, status=status.SENT,
                                                 reply__startswith="unconfirmed").count()
    result.total = result.sent + result.failed + result.skipped + result.waiting
    return result
