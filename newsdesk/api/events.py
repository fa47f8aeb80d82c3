"""Which changes become webhook events (connected in ApiConfig.ready()).

story.published / updated / unpublished / deleted from the Article model's own
signals and the status publishing remembers before a save; comment.approved
from the comments app's model when it is installed (no import of that app:
the model is looked up by label). The data of a story event is the story as
the Content API shows it, so receivers parse one shape.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save

from newsdesk.api import serialize, webhooks
from newsdesk.api.models import Event
from newsdesk.publishing.models import Article

PUBLISHED = Article.Status.PUBLISHED


def story_data(article):
    return serialize.story(Article.objects.filter(pk=article.pk).select_related(
        "category").prefetch_related("tags", "authors", "references").first() or article)


def story_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_previous_status", None)
    if instance.status == PUBLISHED and before != PUBLISHED:
        if instance.is_live:
            webhooks.emit(Event.STORY_PUBLISHED, story_data(instance))
    elif instance.status == PUBLISHED and instance.is_live:
        webhooks.emit(Event.STORY_UPDATED, story_data(instance))
    elif before == PUBLISHED:
        webhooks.emit(Event.STORY_UNPUBLISHED, removed(instance))


def story_deleted(sender, instance, **kwargs):
    if instance.status == PUBLISHED:
        webhooks.emit(Event.STORY_DELETED, removed(instance))


def removed(article):
    return {"id": article.pk, "slug": article.slug, "title": article.title,
            "url": serialize.site_url(article, article.language)}


def remember_comment_status(sender, instance, raw=False, **kwargs):
    instance._api_previous_status = None if instance.pk is None else (
        sender.objects.filter(pk=instance.pk).values_list("status", flat=True).first())


def comment_saved(sender, instance, created, raw=False, **kwargs):
    if raw or instance.status != "approved" or instance._api_previous_status == "approved":
        return
    webhooks.emit(Event.COMMENT_APPROVED, {
        "id": instance.pk, "story": {"id": instance.article_id,
                                     "url": serialize.site_url(instance.article,
                                                               instance.article.language)},
        "name": instance.name, "text": instance.text, "created_at": instance.created_at,
        "in_reply_to": instance.parent_id,
    })


def connect():
    uid = "newsdesk-api-webhooks"
    post_save.connect(story_saved, sender=Article, dispatch_uid=uid)
    post_delete.connect(story_deleted, sender=Article, dispatch_uid=uid)
    if apps.is_installed("newsdesk.comments"):
        comment = apps.get_model("comments", "Comment")
        pre_save.connect(remember_comment_status, sender=comment, dispatch_uid=uid)
        post_save.connect(comment_saved, sender=comment, dispatch_uid=uid)
