"""The subscription log: every sign-up, confirmation, change and departure, hash-chained.

A record keeps its time, the text the reader agreed to (exactly as shown),
the lists, a truncated address (ja…@ex….org: enough to recognise, not to
write to) and a keyed hash of the address, which finds one person's records
for an export and means nothing without the site's secret key. The chain itself
is core/hashchain.py, the same as the consent log's.
"""

import hmac
import ipaddress

from django.conf import settings

from newsdesk.core.hashchain import Chain, months_ago
from newsdesk.newsletter import conf
from newsdesk.newsletter.models import RecordHead, SubscriptionRecord, normalize_email

CHAIN = Chain(SubscriptionRecord, RecordHead,
              ("action", "address", "subscriber_key", "lists", "language", "text", "source", "ip"))
verify = CHAIN.verify


def address_key(email):
    return hmac.new(settings.SECRET_KEY.encode(), f"newsletter:{normalize_email(email)}".encode(),
                    "blake2s").hexdigest()[:32]


def truncated_address(email):
    """jane.doe@example.org -> ja…@ex….org"""
    local, _, domain = normalize_email(email).rpartition("@")
    name, dot, tld = domain.rpartition(".")
    host = f"{name[:2]}…{dot}{tld}" if name else f"{domain[:2]}…"
    return f"{local[:2]}…@{host}"[:80]


def truncated_network(address):
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def fields(action, email, *, lists=(), language="", text="", source="", ip=""):
    return {"action": action, "address": truncated_address(email),
            "subscriber_key": address_key(email), "lists": " ".join(sorted(lists)),
            "language": language, "text": text, "source": source, "ip": truncated_network(ip)}


def append(action, email, **details):
    return CHAIN.append(**fields(action, email, **details))


def append_many(entries):
    """[(action, email, details)] in one write (imports)."""
    return CHAIN.append_many([fields(action, email, **details)
                              for action, email, details in entries])


def for_email(email):
    return SubscriptionRecord.objects.filter(subscriber_key=address_key(email)).order_by("pk")


def purge_expired(now=None, dry_run=False):
    return CHAIN.purge_before(months_ago(conf.get("RECORD_RETENTION_MONTHS"), now),
                              dry_run=dry_run)
