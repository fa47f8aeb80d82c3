"""Digests: at a list's set time, the stories published since its last digest, in one issue."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import IntegrityError, transaction

from newsdesk.newsletter.models import Issue, NewsletterList
from newsdesk.publishing.models import Article, Category


def due_slot(newsletter_list, now):
    """The latest digest time at or before `now` (None for a list without digests)."""
    if newsletter_list.digest == NewsletterList.Digest.NONE:
        return None
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    local = now.astimezone(zone)
    slot = datetime.datetime.combine(local.date(), newsletter_list.digest_time, tzinfo=zone)
    if slot > local:
        slot -= datetime.timedelta(days=1)
    if newsletter_list.digest == NewsletterList.Digest.WEEKLY:
        slot -= datetime.timedelta(days=(slot.weekday() - newsletter_list.digest_weekday) % 7)
    return slot


def stories(newsletter_list, since, until):
    articles = Article.objects.published().filter(published_at__lte=until)
    if since is not None:
        articles = articles.filter(published_at__gt=since)
    if newsletter_list.language:
        articles = articles.filter(language=newsletter_list.language)
    if newsletter_list.category_id:
        category = Category.objects.get(pk=newsletter_list.category_id)
        articles = articles.filter(category_id__in=category.descendant_ids())
    return list(articles.order_by("-published_at")[:50])


def start_due(now):
    """Create and start every digest whose time has come; each period once (a unique
    constraint on list and period, so two schedulers cannot make two)."""
    from newsdesk.newsletter.sending import planning

    started = []
    for newsletter_list in NewsletterList.objects.exclude(digest=NewsletterList.Digest.NONE):
        slot = due_slot(newsletter_list, now)
        last = newsletter_list.last_digest_at
        if slot is None or (last is not None and last >= slot):
            continue
        if last is None:  # a new digest list: its first digest is at its next time, not now
            NewsletterList.objects.filter(pk=newsletter_list.pk).update(last_digest_at=slot)
            continue
        period = 7 if newsletter_list.digest == NewsletterList.Digest.WEEKLY else 1
        since = max(last, slot - datetime.timedelta(days=period))
        found = stories(newsletter_list, since, slot)
        try:
            with transaction.atomic():
                NewsletterList.objects.filter(pk=newsletter_list.pk).update(last_digest_at=slot)
                if not found:
                    continue
                issue = Issue.objects.create(kind=Issue.Kind.DIGEST, digest_list=newsletter_list,
                                             period_end=slot)
                issue.digest_articles.set(found)
        except IntegrityError:
            continue  # another worker made this period's digest
        planning.start(issue)
        started.append(issue)
    return started
