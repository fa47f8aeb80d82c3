"""Signed tokens: nothing about a commenter is kept in a cookie or a session.

- form token: hidden field of the comment form, with the article and the time
  the form was issued (the time trap: too fast is a bot, too old must resend);
- author token: in the address the author is sent to after posting; it shows
  them their pending comment and lets them edit or delete it for a while;
- unsubscribe token: in reply notifications, never expires.
Each kind has its own salt, so one can never stand in for another.
"""

import time

from django.core import signing

from newsdesk.comments import conf

FORM_SALT = "newsdesk.comments.form"
AUTHOR_SALT = "newsdesk.comments.author"
UNSUBSCRIBE_SALT = "newsdesk.comments.unsubscribe"


class FormTokenError(Exception):
    """Why a form token was refused: code is 'invalid', 'too-fast' or 'expired'."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def form_token(article_id, now=None):
    return signing.dumps({"a": article_id, "t": int(now if now is not None else time.time())},
                         salt=FORM_SALT)


def check_form_token(token, article_id, now=None):
    """Raise FormTokenError unless the token was issued for this article at a plausible time."""
    try:
        data = signing.loads(token or "", salt=FORM_SALT)
        issued = int(data["t"])
        if int(data["a"]) != article_id:
            raise FormTokenError("invalid")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise FormTokenError("invalid") from None
    age = (now if now is not None else time.time()) - issued
    if age < conf.get("MIN_SECONDS"):
        raise FormTokenError("too-fast")
    if age > conf.get("FORM_MAX_AGE_SECONDS"):
        raise FormTokenError("expired")


def author_token(comment):
    return signing.dumps(comment.pk, salt=AUTHOR_SALT)


def comment_id_from_author_token(token):
    """The comment id the token was issued for, or None when it is forged or too old."""
    if not token:
        return None
    try:
        value = signing.loads(token, salt=AUTHOR_SALT,
                              max_age=conf.get("AUTHOR_LINK_SECONDS"))
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def unsubscribe_token(comment):
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)


def comment_id_from_unsubscribe_token(token):
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
