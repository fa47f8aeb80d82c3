"""What arrives in the inboxes: checked first, then one handler per activity type.

A request is refused with a 4xx, logged, and never reaches moderation when it is
too large (413), not JSON or not an activity (400), unsigned, badly signed,
stale or replayed (401), signed by someone other than its actor (401), from an
actor that cannot be fetched (401) or from a blocked server (403).
"""

import json
import logging

from django.db import IntegrityError, transaction

from newsdesk.fediverse import conf, handlers, remote, signatures

logger = logging.getLogger("newsdesk.fediverse")


class Refusal(Exception):
    def __init__(self, status, reason):
        self.status, self.reason = status, reason
        super().__init__(reason)


def read_body(request):
    limit = conf.get("MAX_ACTIVITY_BYTES")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refusal(400, "the Content-Length is not a number") from None
    if declared > limit:
        raise Refusal(413, f"the activity is over {limit} bytes")
    body = request.read(limit + 1)
    if len(body) > limit:
        raise Refusal(413, f"the activity is over {limit} bytes")
    return body


def parse(body):
    try:
        activity = json.loads(body)
    except (ValueError, RecursionError):
        raise Refusal(400, "the body is not JSON") from None
    if not isinstance(activity, dict) or not isinstance(activity.get("type"), str):
        raise Refusal(400, "the body is not an activity")
    actor = activity.get("actor")
    if isinstance(actor, dict):
        actor = actor.get("id")
    if not isinstance(actor, str) or not actor.startswith(("https://", "http://")):
        raise Refusal(400, "the activity names no actor")
    activity["actor"] = actor
    return activity


def authenticate(request, body, activity):
    """The RemoteActor that signed the request; Refusal otherwise."""
    try:
        params = signatures.parse(request.headers.get("Signature"))
    except signatures.SignatureError as error:
        raise Refusal(401, str(error)) from None
    key_id = params["keyId"]
    if remote.is_blocked(key_id) or remote.is_blocked(activity["actor"]):
        raise Refusal(403, f"{remote.domain_of(key_id)} is blocked")
    try:
        signer = remote.by_key(key_id)
    except remote.Unfetchable as error:
        raise Refusal(401, f"the signing actor cannot be fetched: {error}") from None
    headers = dict(request.headers)
    path = request.get_full_path()
    try:
        signatures.verify(request.method, path, headers, body, params, signer.public_pem)
    except signatures.SignatureError as error:
        if "does not match" not in str(error):
            raise Refusal(401, str(error)) from None
        try:  # the key may have been rotated since we kept it
            signer = remote.fetch(signer.uri, refresh=True)
            signatures.verify(request.method, path, headers, body, params, signer.public_pem)
        except (remote.Unfetchable, signatures.SignatureError) as again:
            raise Refusal(401, str(again)) from None
    if signer.uri != activity["actor"]:
        raise Refusal(401, "the request is signed by another actor than the activity's")
    return signer


def receive(request, local=None):
    """Handle one POST to an inbox; returns (status, reason)."""
    try:
        body = read_body(request)
        activity = parse(body)
        signer = authenticate(request, body, activity)
        with transaction.atomic():
            handlers.handle(activity, signer, local)
    except Refusal as refusal:
        logger.warning("inbox refused an activity (%s): %s", refusal.status, refusal.reason)
        return refusal.status, refusal.reason
    except handlers.Ignored as ignored:
        logger.info("inbox ignored an activity: %s", ignored)
        return 202, str(ignored)
    except (IntegrityError, ValueError, TypeError, KeyError, AttributeError) as error:
        logger.warning("inbox refused a malformed activity: %r", error)
        return 400, "the activity is malformed"
    return 202, "accepted"
