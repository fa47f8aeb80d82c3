"""The local actors: the site (@news@host) and each author (@<slug>@host).

A local actor is named by a short string: `site` or `author:<pk>`; its address
is <base URL>/fediverse/users/<username>.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from newsdesk.fediverse import conf, signatures
from newsdesk.fediverse.models import LocalKey
from newsdesk.publishing.models import Author

SITE = "site"
CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"]
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


def base():
    return settings.NEWSDESK_BASE_URL.rstrip("/")


def host():
    return urlsplit(base()).netloc


def absolute(path):
    return base() + path


def for_author(author):
    return f"author:{author.pk}"


def resolve(username):
    """(local name, Author or None) for a username; None when there is no such actor."""
    if username == conf.get("SITE_USERNAME"):
        return SITE, None
    author = Author.objects.filter(slug=username).first()
    return (for_author(author), author) if author else None


def author_of(local):
    if local == SITE:
        return None
    return Author.objects.filter(pk=int(local.split(":", 1)[1])).first()


def username(local, author=None):
    if local == SITE:
        return conf.get("SITE_USERNAME")
    return (author or author_of(local)).slug


def uri(local, author=None):
    return absolute(reverse("fediverse:actor", args=[username(local, author)]))


def key_id(local, author=None):
    return uri(local, author) + "#main-key"


def handle(local, author=None):
    return f"@{username(local, author)}@{urlsplit(base()).hostname}"


def key(local):
    """The actor's key pair, made the first time it is needed."""
    found = LocalKey.objects.filter(actor=local).first()
    if found:
        return found
    private, public = signatures.new_key_pair()
    try:
        with transaction.atomic():
            return LocalKey.objects.create(actor=local, private_pem=private, public_pem=public)
    except IntegrityError:  # another process made it first
        return LocalKey.objects.get(actor=local)


def document(local, author=None):
    """The actor as ActivityPub JSON (what Mastodon fetches to show and follow it)."""
    author = author or author_of(local)
    actor = uri(local, author)
    with translation.override(settings.LANGUAGE_CODE):
        if author is None:
            kind, name, summary = "Organization", settings.NEWSDESK_SITE_NAME, ""
            page = absolute("/")
        else:
            kind, name, summary = "Person", author.name, author.bio
            page = absolute(author.get_absolute_url())
    data = {
        "@context": CONTEXT,
        "id": actor, "type": kind, "preferredUsername": username(local, author),
        "name": name, "summary": summary, "url": page,
        "inbox": actor + "/inbox", "outbox": actor + "/outbox",
        "followers": actor + "/followers",
        "endpoints": {"sharedInbox": absolute(reverse("fediverse:shared-inbox"))},
        "manuallyApprovesFollowers": False, "discoverable": True, "indexable": True,
        "publicKey": {"id": actor + "#main-key", "owner": actor,
                      "publicKeyPem": key(local).public_pem},
    }
    if author is not None and author.photo:
        data["icon"] = {"type": "Image", "url": absolute(author.photo.url)}
    return data
