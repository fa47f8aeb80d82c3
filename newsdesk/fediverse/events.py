"""Publishing sends Create, an edit Update, unpublishing or deleting Delete, to followers.

A story is by its first author's actor (Mastodon accepts a Create only from the
actor the object is attributed to), delivered to that author's followers; the
site's actor boosts it (Announce) to the site's followers. Updates and Deletes
go to both. Connected in FediverseConfig.ready(); the work happens after commit.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from newsdesk.fediverse import actors, conf, delivery, objects
from newsdesk.publishing.models import Article

PUBLISHED = Article.Status.PUBLISHED


def audiences(local):
    inboxes = delivery.follower_inboxes(local)
    site = delivery.follower_inboxes(actors.SITE) if local != actors.SITE else set()
    return inboxes, site


def publish(article_id, kind):
    article = Article.objects.filter(pk=article_id).prefetch_related("tags", "authors").first()
    if article is None or not article.is_live:
        return
    local, author = objects.creator(article)
    obj = objects.article_object(article)
    own, site = audiences(local)
    activity = objects.activity(kind, local, author, obj, kind.lower())
    if kind == "Create":
        delivery.send(local, activity, own)
        if local != actors.SITE and site:
            boost = objects.activity("Announce", actors.SITE, None, obj["id"], "announce")
            boost["cc"] = [actors.uri(actors.SITE) + "/followers"]
            delivery.send(actors.SITE, boost, site)
    else:
        delivery.send(local, activity, own | site)


def withdraw(local, author, object_id):
    own, site = audiences(local)
    tombstone = {"id": object_id, "type": "Tombstone"}
    delivery.send(local, objects.activity("Delete", local, author, tombstone, "delete"),
                  own | site)


def story_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not conf.get("ENABLED"):
        return
    before = getattr(instance, "_previous_status", None)
    pk = instance.pk
    if instance.status == PUBLISHED and instance.is_live:
        kind = "Update" if before == PUBLISHED else "Create"
        transaction.on_commit(lambda: publish(pk, kind))
    elif before == PUBLISHED:
        local, author = objects.creator(instance)
        object_id = objects.story_uri(instance)
        transaction.on_commit(lambda: withdraw(local, author, object_id))


def story_deleted(sender, instance, **kwargs):
    if not conf.get("ENABLED") or instance.status != PUBLISHED:
        return
    local, author = instance._fediverse_creator
    object_id = instance._fediverse_uri
    transaction.on_commit(lambda: withdraw(local, author, object_id))


def remember_creator(sender, instance, **kwargs):
    # Before the delete: its authors are gone after it.
    instance._fediverse_creator = objects.creator(instance)
    instance._fediverse_uri = objects.story_uri(instance)


def connect():
    from django.db.models.signals import pre_delete

    uid = "newsdesk-fediverse"
    post_save.connect(story_saved, sender=Article, dispatch_uid=uid)
    pre_delete.connect(remember_creator, sender=Article, dispatch_uid=uid)
    post_delete.connect(story_deleted, sender=Article, dispatch_uid=uid)
