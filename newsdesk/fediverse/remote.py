"""Other servers' actors: fetched (signed, through the checked outbound client), kept,
refreshed when their key changes; and the blocked servers."""

import datetime
import json
import logging
from urllib.parse import urlsplit

import requests
from django.utils import timezone

from newsdesk.core import outbound
from newsdesk.fediverse import actors, conf, signatures
from newsdesk.fediverse.models import BlockedDomain, RemoteActor

logger = logging.getLogger("newsdesk.fediverse")
ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
USER_AGENT = "newsdesk-fediverse/1"
FRESH = datetime.timedelta(days=1)


class Unfetchable(Exception):
    """The actor could not be fetched or is not an actor; the message says why."""


def domain_of(url):
    return (urlsplit(url).hostname or "").lower()


def is_blocked(url_or_domain):
    domain = domain_of(url_or_domain) if "/" in url_or_domain else url_or_domain.lower()
    parts = domain.split(".")
    candidates = {".".join(parts[index:]) for index in range(len(parts))}
    return BlockedDomain.objects.filter(domain__in=candidates).exists()


def signed_get(url):
    """GET an ActivityPub document, signed as the site (servers in authorized-fetch mode
    answer only signed requests)."""
    key = actors.key(actors.SITE)
    headers = signatures.sign("GET", url, actors.key_id(actors.SITE), key.private_pem)
    headers["Accept"] = ACCEPT
    try:
        response, _seconds = outbound.send("GET", url, user_agent=USER_AGENT, headers=headers,
                                           timeout=conf.get("TIMEOUT_SECONDS"),
                                           max_bytes=conf.get("MAX_ACTIVITY_BYTES"))
    except outbound.Refused as refused:
        raise Unfetchable(f"refused: {refused}") from None
    except requests.exceptions.RequestException as error:
        raise Unfetchable(f"could not fetch {url}: {type(error).__name__}") from None
    if response.status_code != 200:
        raise Unfetchable(f"{url} answered {response.status_code}")
    try:
        return json.loads(response.content)
    except ValueError:
        raise Unfetchable(f"{url} is not JSON") from None


def store(document):
    """Keep an actor document; returns the RemoteActor."""
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        raise Unfetchable("not an actor")
    key = document.get("publicKey") or {}
    if isinstance(key, list):
        key = key[0] if key else {}
    inbox = document.get("inbox")
    if not (isinstance(key, dict) and key.get("publicKeyPem") and isinstance(inbox, str)):
        raise Unfetchable("the actor has no inbox or public key")
    if key.get("owner", document["id"]) != document["id"]:
        raise Unfetchable("the key belongs to another actor")
    endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
    url = document.get("url") if isinstance(document.get("url"), str) else ""
    values = {
        "domain": domain_of(document["id"]),
        "username": str(document.get("preferredUsername") or "")[:200],
        "name": str(document.get("name") or "")[:200], "profile_url": url[:500],
        "inbox": inbox[:500], "shared_inbox": str(endpoints.get("sharedInbox") or "")[:500],
        "key_id": str(key.get("id") or document["id"])[:500],
        "public_pem": key["publicKeyPem"], "fetched_at": timezone.now(),
    }
    actor, _created = RemoteActor.objects.update_or_create(uri=document["id"][:500],
                                                           defaults=values)
    return actor


def fetch(uri, refresh=False):
    """The RemoteActor at `uri`, from the database when fresh, else fetched."""
    if is_blocked(uri):
        raise Unfetchable(f"{domain_of(uri)} is blocked")
    known = RemoteActor.objects.filter(uri=uri).first()
    if known and not refresh and timezone.now() - known.fetched_at < FRESH:
        return known
    document = signed_get(uri)
    if document.get("id") != uri:
        raise Unfetchable("the document at that address names another actor")
    return store(document)


def by_key(key_id):
    """The actor owning `key_id` (an actor URI with #main-key, usually)."""
    known = RemoteActor.objects.filter(key_id=key_id).first()
    if known and timezone.now() - known.fetched_at < FRESH:
        return known
    return fetch(key_id.split("#", 1)[0], refresh=True)


def lookup(handle):
    """The actor for `@user@host` through WebFinger, or an actor URI as it is."""
    if handle.startswith(("https://", "http://")):
        return fetch(handle)
    user, _, domain = handle.lstrip("@").partition("@")
    if not user or not domain:
        raise Unfetchable("give an account as @user@server")
    scheme = "http" if domain.split(":")[0] in ("127.0.0.1", "localhost") else "https"
    url = f"{scheme}://{domain}/.well-known/webfinger?resource=acct:{user}@{domain}"
    try:
        response, _seconds = outbound.send("GET", url, user_agent=USER_AGENT,
                                           headers={"Accept": "application/jrd+json"},
                                           timeout=conf.get("TIMEOUT_SECONDS"))
        links = json.loads(response.content).get("links", [])
    except outbound.Refused as refused:
        raise Unfetchable(f"refused: {refused}") from None
    except (requests.exceptions.RequestException, ValueError, AttributeError):
        raise Unfetchable(f"{domain} does not know {user}") from None
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict) and link.get("rel") == "self" and \
                "activity+json" in str(link.get("type")):
            return fetch(str(link.get("href")))
    raise Unfetchable(f"{domain} does not know {user}")
