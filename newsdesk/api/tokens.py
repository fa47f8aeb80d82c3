"""Making and checking Admin API tokens.

A token is `nd_` and 43 URL-safe characters (32 random bytes). The database
keeps its SHA-256 and its first characters (to recognise it in lists), so a
stolen database holds no usable token, and the token itself is shown once.
"""

import datetime
import hashlib
import logging
import secrets

from django.utils import timezone
from ninja.security import HttpBearer

from newsdesk.api import conf
from newsdesk.api.models import Token

logger = logging.getLogger("newsdesk.api")
PREFIX = "nd_"


def digest(raw):
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def default_expiry():
    seconds = conf.get("TOKEN_LIFETIME_SECONDS")
    return timezone.now() + datetime.timedelta(seconds=seconds) if seconds else None


def issue(user, name, expires_at=None, token=None):
    """Make a token for `user`; returns (Token, the raw token to show once)."""
    raw = PREFIX + secrets.token_urlsafe(32)
    token = token or Token(user=user, name=name, expires_at=expires_at)
    token.user, token.name = user, name
    token.prefix, token.digest = raw[:11], digest(raw)
    token.save()
    return token, raw


def revoke(token):
    if token.revoked_at is None:
        Token.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now())
        token.refresh_from_db()
    return token


def check(raw):
    """The active token for `raw`, or None: unknown, revoked, expired, or its person can no
    longer use the back office. The reason is logged, never told to the caller."""
    if not raw or len(raw) > 200 or not raw.startswith(PREFIX):
        return None
    token = Token.objects.select_related("user").filter(digest=digest(raw)).first()
    if token is None:
        logger.warning("API token refused: unknown token")
        return None
    user = token.user
    reason = None
    if token.revoked_at is not None:
        reason = "revoked"
    elif token.expires_at is not None and token.expires_at <= timezone.now():
        reason = "expired"
    elif not (user.is_active and user.is_staff):
        reason = "its staff member cannot sign in to the back office"
    if reason:
        logger.warning("API token %s… refused: %s", token.prefix, reason)
        from newsdesk.security import audit

        audit.record(user, "api.token_refused", token, {"reason": reason})
        return None
    Token.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer nd_...`; the request then acts as the token's staff member."""

    def authenticate(self, request, token):
        found = check(token)
        if found is not None:
            request.user = found.user
        return found
