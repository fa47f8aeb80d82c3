"""Strict validation of a consent record sent by consent.js (JSON)."""

import json
import uuid

from django.conf import settings
from django.utils.translation import gettext as _

from newsdesk.consent.models import OPTIONAL_CATEGORIES, CategoryKey, ConsentRecord

MAX_BODY = 2048  # a real record is about 250 bytes
REQUIRED = {"consent_id", "action", "source", "granted", "revision", "language", "page"}
OPTIONAL = {"gpc"}


class Invalid(Exception):
    """A malformed record; the message is the reason given to the client."""


def parse_record(body, current_revision):
    """The record's fields from a JSON body, or Invalid with the first problem found."""
    if len(body) > MAX_BODY:
        raise Invalid(_("the body is larger than %(bytes)d bytes") % {"bytes": MAX_BODY})
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: deep nesting
        raise Invalid(_("the body is not JSON")) from None
    if not isinstance(data, dict):
        raise Invalid(_("the body must be a JSON object"))
    if unknown := set(data) - REQUIRED - OPTIONAL:
        raise Invalid(_("unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if missing := REQUIRED - set(data):
        raise Invalid(_("missing fields: %(fields)s") % {"fields": ", ".join(sorted(missing))})
    return {
        "consent_id": _consent_id(data["consent_id"]),
        "action": _choice(data, "action", ConsentRecord.Action.values),
        "source": _choice(data, "source", ConsentRecord.Source.values),
        "granted": _granted(data["granted"], data["action"]),
        "revision": _revision(data["revision"], current_revision),
        "language": _choice(data, "language", [code for code, _ in settings.LANGUAGES]),
        "page": _page(data["page"]),
        "gpc": _gpc(data.get("gpc", False)),
    }


def _consent_id(value):
    if isinstance(value, str) and len(value) == 36:
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise Invalid(_("consent_id must be a UUID such as %(example)s")
                  % {"example": "0b6f2c1e-7d5a-4c7e-9f0a-1d2e3f4a5b6c"})


def _choice(data, name, allowed):
    if data[name] not in allowed:
        raise Invalid(_("%(field)s must be one of: %(allowed)s")
                      % {"field": name, "allowed": ", ".join(allowed)})
    return data[name]


def _granted(value, action):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise Invalid(_("granted must be a list of category names"))
    if unknown := set(value) - set(OPTIONAL_CATEGORIES):
        raise Invalid(_("granted has unknown categories: %(unknown)s (optional categories: "
                        "%(optional)s)") % {"unknown": ", ".join(sorted(unknown)),
                                            "optional": ", ".join(OPTIONAL_CATEGORIES)})
    if len(set(value)) != len(value):
        raise Invalid(_("granted lists a category twice"))
    if action == ConsentRecord.Action.REJECT_ALL and value:
        raise Invalid(_("reject_all cannot grant categories"))
    if action == ConsentRecord.Action.ACCEPT_ALL and (
        set(OPTIONAL_CATEGORIES) - set(value) - {CategoryKey.ADVERTISEMENT}
    ):
        raise Invalid(_("accept_all must grant every optional category"))
    return value


def _revision(value, current):
    if type(value) is not int or not 1 <= value <= current:
        raise Invalid(_("revision must be a whole number from 1 to %(current)d")
                      % {"current": current})
    return value


def _page(value):
    # Lone surrogates ("\ud800" in JSON) are no text: neither UTF-8 nor a database can store them.
    if (not isinstance(value, str) or not value.startswith("/") or value.startswith("//")
            or len(value) > 500
            or any(ord(char) < 32 or "\ud800" <= char <= "\udfff" for char in value)):
        raise Invalid(_("page must be the path of a page on this site, at most 500 "
                      "characters"))
    return value


def _gpc(value):
    if not isinstance(value, bool):
        raise Invalid(_("gpc must be true or false"))
    return value
