"""One function per activity type the inbox acts on; everything else is ignored (202)."""

import datetime
import logging
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils import timezone

from newsdesk.core.signals import remote_reply
from newsdesk.fediverse import actors, delivery, remote
from newsdesk.fediverse.models import Follower, Following, Interaction, Post, Reply
from newsdesk.fediverse.text import first_text, plain
from newsdesk.publishing.models import Article

logger = logging.getLogger("newsdesk.fediverse")


class Ignored(Exception):
    """An activity we accept but do nothing with (the message says why)."""


def id_of(value):
    if isinstance(value, dict):
        value = value.get("id")
    if not isinstance(value, str):
        raise Ignored("the activity's object has no id")
    return value


def local_path(uri):
    """The path of one of our own addresses, or None."""
    if not isinstance(uri, str) or not uri.startswith(actors.base() + "/"):
        return None
    return urlsplit(uri).path


def local_actor(uri):
    path = local_path(uri)
    try:
        match = resolve(path) if path else None
    except Resolver404:
        match = None
    if match is None or match.view_name != "fediverse:actor":
        return None
    found = actors.resolve(match.kwargs["username"])
    return found[0] if found else None


def our_story(uri):
    """The live story an address names (its ActivityPub id or its page), or None."""
    path = local_path(uri)
    if path is None:
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    stories = Article.objects.published()
    if match.view_name == "fediverse:story":
        return stories.filter(pk=match.kwargs["pk"]).first()
    if match.view_name == "publishing:article":
        return stories.filter(slug=match.kwargs["slug"]).first()
    return None


def follow(activity, signer, local):
    target = local_actor(id_of(activity.get("object")))
    if target is None:
        raise Ignored("Follow of an account that is not here")
    Follower.objects.update_or_create(local=target, actor=signer,
                                      defaults={"follow_id": str(activity.get("id", ""))[:500]})
    author = actors.author_of(target)
    accept = {"@context": actors.CONTEXT[0],
              "id": actors.uri(target, author) + f"#accepts/{signer.pk}-{timezone.now():%s}",
              "type": "Accept", "actor": actors.uri(target, author), "object": activity}
    delivery.send(target, accept, [signer.inbox])


def undo(activity, signer, local):
    undone = activity.get("object")
    kind = undone.get("type") if isinstance(undone, dict) else None
    if kind == "Follow":
        target = local_actor(id_of(undone.get("object")))
        Follower.objects.filter(local=target, actor=signer).delete()
    elif kind in ("Like", "Announce"):
        Interaction.objects.filter(activity_id=id_of(undone), actor=signer.uri).delete()
    else:
        Interaction.objects.filter(activity_id=id_of(undone), actor=signer.uri).delete()


def interaction(kind):
    def handler(activity, signer, local):
        article = our_story(id_of(activity.get("object")))
        if article is None:
            raise Ignored(f"{activity['type']} of something that is not one of our stories")
        Interaction.objects.get_or_create(kind=kind, article=article, actor=signer.uri,
                                          defaults={"activity_id": id_of(activity)[:500]})
    return handler


def create(activity, signer, local):
    obj = activity.get("object")
    if not isinstance(obj, dict):
        raise Ignored("Create without an object")
    by = obj.get("attributedTo")
    if isinstance(by, list):
        by = by[0] if by else None
    if id_of(by) != signer.uri:
        raise Ignored("the object is attributed to someone else")
    article = our_story(obj.get("inReplyTo")) if obj.get("inReplyTo") else None
    if article is not None:
        return reply(obj, signer, article)
    if Following.objects.filter(actor=signer).exists():
        return keep_post(obj, signer)
    raise Ignored("a post that is neither a reply to us nor by an account we follow")


def reply(obj, signer, article):
    note_id = id_of(obj)[:500]
    if Reply.objects.filter(note_id=note_id).exists():
        return  # the same reply delivered twice
    text = first_text(obj)
    if not text:
        raise Ignored("an empty reply")
    url = obj.get("url") if isinstance(obj.get("url"), str) else note_id
    language = article.language
    answers = remote_reply.send(sender=Reply, article=article, name=str(signer)[:100],
                                profile_url=signer.profile_url or signer.uri, text=text,
                                url=url, language=language)
    comment_id = next((answer for _receiver, answer in answers if answer), None)
    Reply.objects.create(note_id=note_id, url=url[:500], article=article, actor=signer,
                         comment_id=comment_id)
    logger.info("fediverse reply %s filed for moderation as comment %s", note_id, comment_id)


def keep_post(obj, signer):
    published = obj.get("published")
    try:
        published = datetime.datetime.fromisoformat(published) if published else None
    except (TypeError, ValueError):
        published = None
    values = {"actor": signer, "kind": str(obj.get("type", ""))[:20],
              "title": plain(obj.get("name"), 300), "summary": plain(obj.get("summary"), 2000),
              "text": first_text(obj), "published_at": published,
              "url": (obj.get("url") if isinstance(obj.get("url"), str) else "")[:500]}
    post, created = Post.objects.get_or_create(object_id=id_of(obj)[:500], defaults=values)
    if not created:
        if post.actor_id != signer.pk:
            raise Ignored("an update of someone else's post")
        for name, value in values.items():
            setattr(post, name, value)
        post.updated_count += 1
        post.save()


def update(activity, signer, local):
    obj = activity.get("object")
    if isinstance(obj, dict) and obj.get("id") == signer.uri:
        remote.store(obj)
        return
    if isinstance(obj, dict) and Post.objects.filter(object_id=id_of(obj)).exists():
        return keep_post(obj, signer)
    raise Ignored("an update of something we do not keep")


def delete(activity, signer, local):
    target = id_of(activity.get("object"))
    Post.objects.filter(object_id=target, actor=signer).update(deleted=True)
    Reply.objects.filter(note_id=target, actor=signer).update(deleted=True)


def accept(activity, signer, local):
    Following.objects.filter(follow_id=id_of(activity.get("object")), actor=signer).update(
        accepted=True)


HANDLERS = {
    "Follow": follow, "Undo": undo, "Like": interaction(Interaction.Kind.LIKE),
    "Announce": interaction(Interaction.Kind.BOOST), "Create": create, "Update": update,
    "Delete": delete, "Accept": accept,
}


def handle(activity, signer, local):
    handler = HANDLERS.get(activity["type"])
    if handler is None:
        raise Ignored(f"{activity['type']} activities are not acted on")
    handler(activity, signer, local)


