"""Imported comments, handed to the comments app when it is installed.

This adapter is the one place that knows the comments app's API. Wiring it:
`save_comment` calls the comments app's public import service with the fields
below and returns the saved Comment; `comments_saved` lets that app recount
Article.comment_count, which it owns. The importer does the rest: order
(parents first), threading, idempotency (ImportedObject rows of kind "comment").
"""

from dataclasses import asdict

from django.apps import apps

from newsdesk.wordpress.wxr import WPComment


def comments_installed():
    return apps.is_installed("newsdesk.comments")


def comment_fields(comment: WPComment):
    """What WordPress knows about a comment, as plain values.

    status: approved | pending | spam | trash; kind: comment | pingback |
    trackback; date: aware UTC datetime; author_ip may be "".
    """
    fields = asdict(comment)
    del fields["wp_id"], fields["parent_id"], fields["user_id"]
    return fields


def _service(name):
    from newsdesk.comments import services

    function = getattr(services, name, None)
    if function is None:
        raise LookupError(
            f"newsdesk.comments.services has no {name}(): wire newsdesk/wordpress/comments.py "
            "to the comments app's import service."
        )
    return function


def save_comment(article, comment, parent, existing):
    """Create (existing is None) or update one comment of `article`; return the saved row."""
    return _service("import_comment")(
        article=article, parent=parent, instance=existing, **comment_fields(comment)
    )


def comments_saved(article):
    """All of an article's comments are in: the comments app recounts comment_count."""
    _service("refresh_comment_count")(article)
