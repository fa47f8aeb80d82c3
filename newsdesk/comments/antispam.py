"""Antispam without outside services: rate limit, blocklist, duplicates, links.

The honeypot and the time trap are checked by the form (forms.py, tokens.py).
Rate-limit counters live in the Django cache named by COMMENTS_CACHE: a table
in the site's database by default, so every worker process of a machine (and
every machine sharing a PostgreSQL database) sees the same counts; point the
alias at Redis to take the load off the database.
"""

import contextlib
import fnmatch
import hmac
import ipaddress
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction

from newsdesk.comments import conf
from newsdesk.comments.models import BlocklistEntry, Comment
from newsdesk.comments.text import find_links, normalized
from newsdesk.core.net import reader_network

RATE_WINDOW_SECONDS = 60


def antispam_cache():
    return caches[conf.get("CACHE")]


def rate_limited(ip_address, now=None):
    """Count one comment from this address; True when it is over the per-minute limit."""
    limit = conf.get("RATE_LIMIT")
    if not limit or not ip_address:
        return False
    window = int((now if now is not None else time.time()) // RATE_WINDOW_SECONDS)
    key = f"comments:rate:{address_key(ip_address)}:{window}"
    return count_in_window(key, RATE_WINDOW_SECONDS) > limit


def count_in_window(key, window_seconds):
    """Add one to a shared counter that lives two windows; return the new count."""
    cache = antispam_cache()
    # DatabaseCache's incr is a read then a write; in one transaction (IMMEDIATE
    # on SQLite) two workers cannot both read the same count.
    atomic = isinstance(cache, DatabaseCache)
    with transaction.atomic() if atomic else contextlib.nullcontext():
        cache.add(key, 0, timeout=window_seconds * 2)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window_seconds * 2)
            return 1


def address_key(ip_address):
    """A keyed hash of an address, so cache keys and rows never hold the address itself."""
    return hmac.new(settings.SECRET_KEY.encode(), f"comments:{ip_address}".encode(),
                    "blake2s").hexdigest()[:32]


def blocklist_match(*, text, name, email, website, ip_address, user_agent):
    """The first blocklist entry the comment matches, or None."""
    entries = list(BlocklistEntry.objects.all())
    if not entries:
        return None
    haystack = "\n".join([text, name, email, website, user_agent]).casefold()
    address = _ip(ip_address)
    for entry in entries:
        value = entry.value.strip()
        if not value:
            continue
        if entry.kind == BlocklistEntry.Kind.WORD and value.casefold() in haystack:
            return entry
        if entry.kind == BlocklistEntry.Kind.EMAIL and email_matches(value, email):
            return entry
        if entry.kind == BlocklistEntry.Kind.IP and address and _in_network(address, value):
            return entry
    return None


def email_matches(pattern, email):
    pattern, email = pattern.lower(), (email or "").lower()
    if not email:
        return False
    if pattern.startswith("@"):
        domain = email.rpartition("@")[2]
        return domain == pattern[1:] or domain.endswith("." + pattern[1:])
    if "*" in pattern or "?" in pattern:
        return fnmatch.fnmatchcase(email, pattern)
    return email == pattern


def _ip(value):
    try:
        return ipaddress.ip_address(value) if value else None
    except ValueError:
        return None


def _in_network(address, network):
    try:
        return address in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


def too_many_links(text):
    return len(find_links(text)) > conf.get("MAX_LINKS")


def is_duplicate(article, text, email, ip_address):
    """The same words already posted on this article from the same email or address."""
    wanted = normalized(text)
    candidates = Comment.objects.filter(article=article).exclude(status=Comment.Status.TRASH)
    same_sender = candidates.filter(email=email)
    if ip_address:
        same_sender = same_sender | candidates.filter(ip_address=ip_address)
    return any(normalized(other) == wanted for other in same_sender.values_list("text", flat=True))


def truncate_ip(value):
    """203.0.113.57 -> 203.0.113.0; IPv6 keeps its first 48 bits."""
    network = reader_network(value)
    return str(network.network_address) if network else None
