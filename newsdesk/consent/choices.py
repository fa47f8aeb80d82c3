"""A reader's choice: the newsdesk_consent cookie and the consent record that proves it.

`record_consent` is the consent app's public way to record a choice (the banner,
the preferences centre, embed placeholders, newsletter sign-ups); the record
keeps the network (/24, /48) and the browser family, never the address.
"""

import logging
import uuid

from newsdesk.consent import chain
from newsdesk.consent.models import OPTIONAL_CATEGORIES, CategoryKey, ConsentRecord
from newsdesk.core.net import reader_network

logger = logging.getLogger(__name__)


def truncate_ip(address):
    """203.0.113.77 -> 203.0.113.0/24; 2001:db8:5:6::1 -> 2001:db8:5::/48; junk -> ''."""
    network = reader_network(address)
    return str(network) if network else ""


BROWSERS = [  # order matters: Edge and Opera also say "Chrome", Chrome also says "Safari"
    ("HeadlessChrome", "Chrome (headless)"), ("Edg/", "Edge"), ("EdgA/", "Edge"),
    ("OPR/", "Opera"), ("SamsungBrowser/", "Samsung Internet"), ("YaBrowser/", "Yandex"),
    ("UCBrowser/", "UC Browser"), ("MicroMessenger/", "WeChat"), ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"), ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"), ("Safari/", "Safari"),
]


def browser_family(user_agent):
    for marker, family in BROWSERS:
        if marker in (user_agent or ""):
            return family
    return "Other"


def cookie_value(consent_id, revision, granted, regime, gpc, when):
    """The newsdesk_consent cookie: only characters cookies allow unquoted."""
    return "|".join([
        f"id:{consent_id}", f"rev:{revision}", f"t:{int(when.timestamp())}",
        "granted:" + "+".join(granted), f"regime:{regime}", f"gpc:{int(gpc)}",
    ])


def parse_cookie(value):
    """The cookie's parts as a dict, or None when it is not one of ours."""
    try:
        parts = dict(item.split(":", 1) for item in (value or "").split("|"))
        return {
            "id": str(uuid.UUID(parts["id"])), "revision": int(parts["rev"]),
            "time": int(parts["t"]), "granted": [g for g in parts["granted"].split("+") if g],
            "regime": parts.get("regime", ""), "gpc": parts.get("gpc") == "1",
        }
    except (KeyError, ValueError):
        return None


def record_consent(*, consent_id, action, source, granted, revision, language, page,
                   regime, gpc, ip="", user_agent=""):
    """Append a consent record; Global Privacy Control always denies Advertisement."""
    granted = [key for key in OPTIONAL_CATEGORIES if key in set(granted)]
    if gpc and CategoryKey.ADVERTISEMENT in granted:
        granted.remove(CategoryKey.ADVERTISEMENT)
    record = chain.append(
        consent_id=consent_id, action=action, source=source, granted=" ".join(granted),
        denied=" ".join(key for key in OPTIONAL_CATEGORIES if key not in granted),
        revision=revision, regime=regime, language=language, page=page[:500],
        ip=truncate_ip(ip), browser=browser_family(user_agent), gpc=gpc,
    )
    # The retention purge runs daily on the job queue (consent/jobs.py).
    return record


def records_since(since):
    return ConsentRecord.objects.filter(created_at__gte=since).order_by("pk")
