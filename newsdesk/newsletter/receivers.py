"""A story sent on publish: when an article with "send to subscribers" ticked is published,
its issue starts, at once or at the article's publication time."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from newsdesk.core import jobs
from newsdesk.core.signals import site_changed
from newsdesk.newsletter.models import Issue, NewsletterList
from newsdesk.publishing.signals import article_published


def arm(issue):
    """Start the issue now if its story is live, else wait for the publication time."""
    from newsdesk.newsletter import jobs as newsletter_jobs
    from newsdesk.newsletter.sending import planning

    article = issue.article
    if not issue.send_on_publish or issue.status != Issue.Status.DRAFT or article is None:
        return
    if article.status != article.Status.PUBLISHED:
        return
    if article.is_live:
        planning.start(issue)
        return
    Issue.objects.filter(pk=issue.pk, status=Issue.Status.DRAFT).update(
        status=Issue.Status.SCHEDULED, send_at=article.published_at)
    # The periodic check starts it too, should this scheduled job be lost.
    transaction.on_commit(lambda: jobs.schedule(newsletter_jobs.start_story, issue.pk,
                                                eta=article.published_at))


def _article_published(sender, article, **kwargs):
    for issue in Issue.objects.filter(article=article, send_on_publish=True,
                                      status=Issue.Status.DRAFT):
        issue.article = article
        arm(issue)


def _issue_saved(sender, instance, created, raw=False, **kwargs):
    # The inline on the article form is saved after the article: arm it then too.
    if not raw and instance.article_id and instance.send_on_publish:
        arm(instance)


def _lists_changed(sender, **kwargs):
    # Every page's sign-up box names the lists of its language.
    transaction.on_commit(lambda: site_changed.send(sender=NewsletterList))


def connect():
    article_published.connect(_article_published, dispatch_uid="newsletter-story-on-publish")
    post_save.connect(_issue_saved, sender=Issue, dispatch_uid="newsletter-issue-saved")
    post_save.connect(_lists_changed, sender=NewsletterList, dispatch_uid="newsletter-lists")
    post_delete.connect(_lists_changed, sender=NewsletterList, dispatch_uid="newsletter-lists-d")
