"""Replies from other sites (the fediverse) into the moderation queue.

Connected to newsdesk.core.signals.remote_reply in CommentsConfig.ready(), so
the app that receives them (fediverse) needs no import of this one. Such a
reply always waits for a moderator, whatever the moderation setting: its
"held because" names where it came from and links the remote post.
"""

from django.utils.translation import gettext as _

from newsdesk.comments.models import Comment


def file_remote_reply(sender, article, name, profile_url, text, url, language, **kwargs):
    held_because = _("From the fediverse: %(url)s") % {"url": url}
    comment = Comment.objects.create(
        article=article, name=name[:100], website=profile_url[:200], text=text,
        status=Comment.Status.PENDING, language=language, spam_reason=held_because[:200],
    )
    return comment.pk
