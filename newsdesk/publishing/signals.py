"""Signals other apps connect to, in their AppConfig.ready().

article_published: sent once when an article first becomes published (or is
scheduled), with `article`.
article_changed: something shown on an article's page or in listings changed,
with `article`. Sent by publishing after every save or delete of an article,
and by other apps when what they add to the page changes (an approved comment).
Page caches connect to it. What concerns every page is newsdesk.core.signals.site_changed.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal

from newsdesk.publishing.models import Article

article_published = Signal()
article_changed = Signal()


def _remember_previous_status(sender, instance, **kwargs):
    previous = None
    if instance.pk:
        previous = sender.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    instance._previous_status = previous


def _announce_save(sender, instance, created, **kwargs):
    if kwargs.get("raw"):
        return
    became_published = (
        instance.status == Article.Status.PUBLISHED
        and getattr(instance, "_previous_status", None) != Article.Status.PUBLISHED
    )
    if became_published:
        article_published.send(sender=Article, article=instance)
    article_changed.send(sender=Article, article=instance)


def _announce_delete(sender, instance, **kwargs):
    article_changed.send(sender=Article, article=instance)


def connect():
    """Connect the receivers that announce articles' changes (from PublishingConfig.ready)."""
    pre_save.connect(_remember_previous_status, sender=Article, dispatch_uid="publishing-status")
    post_save.connect(_announce_save, sender=Article, dispatch_uid="publishing-announce-save")
    post_delete.connect(_announce_delete, sender=Article, dispatch_uid="publishing-announce-delete")
