"""What the back office does: follow an account, reply to one of its posts, unfollow."""

from django.utils import timezone

from newsdesk.fediverse import actors, delivery, remote
from newsdesk.fediverse.models import Following


def follow(handle, local=actors.SITE):
    """Follow `@user@server` (or an actor address) as the site; returns the Following."""
    actor = remote.lookup(handle.strip())
    existing = Following.objects.filter(local=local, actor=actor).first()
    if existing:
        return existing
    by = actors.uri(local)
    follow_id = f"{by}#follows/{actor.pk}-{timezone.now():%Y%m%d%H%M%S%f}"
    following = Following.objects.create(local=local, actor=actor, follow_id=follow_id)
    delivery.send(local, {"@context": actors.CONTEXT[0], "id": follow_id, "type": "Follow",
                          "actor": by, "object": actor.uri}, [actor.inbox])
    return following


def unfollow(following):
    by = actors.uri(following.local)
    delivery.send(following.local, {
        "@context": actors.CONTEXT[0], "id": f"{following.follow_id}/undo", "type": "Undo",
        "actor": by, "object": {"id": following.follow_id, "type": "Follow", "actor": by,
                                "object": following.actor.uri}}, [following.actor.inbox])
    following.delete()


def reply(post, text, local=actors.SITE):
    """Reply publicly to a post from a followed account, as the site."""
    by = actors.uri(local)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    note = {
        "id": f"{by}/notes/{stamp}", "type": "Note", "attributedTo": by,
        "inReplyTo": post.object_id, "content": f"<p>{escape(text)}</p>",
        "published": timezone.now().isoformat(), "url": actors.absolute("/"),
        "to": [actors.PUBLIC], "cc": [post.actor.uri, by + "/followers"],
        "tag": [{"type": "Mention", "href": post.actor.uri, "name": str(post.actor)}],
    }
    activity = {"@context": actors.CONTEXT[0], "id": note["id"] + "/activity", "type": "Create",
                "actor": by, "to": note["to"], "cc": note["cc"], "object": note,
                "published": note["published"]}
    return delivery.send(local, activity, [post.actor.inbox])


def escape(text):
    from django.utils.html import escape as html_escape

    return "</p><p>".join(html_escape(part) for part in text.strip().split("\n\n"))
