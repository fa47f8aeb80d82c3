"""The consent manager's rules: the ones views, the admin, commands and templates share."""

import ipaddress
import logging
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsdesk.consent import chain, conf
from newsdesk.consent.defaults import category_values, policy_values
from newsdesk.consent.lifetimes import format_lifetime
from newsdesk.consent.models import (
    CATEGORY_KEYS,
    OPTIONAL_CATEGORIES,
    CategoryKey,
    ConsentPolicy,
    ConsentRecord,
    CookieCategory,
    CookieDeclaration,
    Snippet,
)

logger = logging.getLogger(__name__)


# --- texts ----------------------------------------------------------------------------

def policy():
    """The consent texts and revision; the team's defaults before the first migrate."""
    return ConsentPolicy.objects.filter(pk=1).first() or ConsentPolicy(**policy_values())


def categories():
    """The five categories in order (defaults fill any that are missing)."""
    found = {category.key: category for category in CookieCategory.objects.all()}
    return [
        found.get(key) or CookieCategory(key=key, **category_values(key, position))
        for position, key in enumerate(CATEGORY_KEYS)
    ]


def category_names(language=None):
    return {category.key: category.localised("name", language) for category in categories()}


@dataclass
class Row:
    """One line of a cookie table, in the current language."""

    name: str
    domain: str
    duration: str
    description: str
    provider: str
    storage: str


def _site_host():
    return urlsplit(settings.NEWSDESK_BASE_URL).hostname


def consent_cookie_row():
    return Row(
        name=conf.COOKIE_NAME, domain=_site_host(),
        duration=format_lifetime(conf.get("COOKIE_SECONDS")),
        description=_("Remembers your cookie choice: a random consent id, the categories you "
                      "allowed, the policy revision and the time. Set only when you choose."),
        provider=settings.NEWSDESK_SITE_NAME, storage="",
    )


def declaration_row(declaration):
    storage = "" if declaration.storage == CookieDeclaration.Storage.COOKIE else (
        declaration.get_storage_display()
    )
    return Row(
        name=declaration.name, domain=declaration.domain or _site_host(),
        duration=format_lifetime(declaration.lifetime),
        description=declaration.localised("description"), provider=declaration.provider,
        storage=storage,
    )


def cookie_tables():
    """[(category, [Row, ...]), ...] for the five categories, then uncategorised ones."""
    rows = {key: [] for key in CATEGORY_KEYS}
    rows[CategoryKey.NECESSARY].append(consent_cookie_row())
    uncategorised = []
    for declaration in CookieDeclaration.objects.select_related("category"):
        target = rows[declaration.category.key] if declaration.category else uncategorised
        target.append(declaration_row(declaration))
    return [(category, rows[category.key]) for category in categories()], uncategorised


# --- the page's configuration for consent.js ---------------------------------------------

def script_config(revision):
    """What consent.js needs, rendered as a JSON data block (no inline script)."""
    from django.urls import reverse

    patterns = {key: [] for key in CATEGORY_KEYS}
    patterns[CategoryKey.NECESSARY].append([conf.COOKIE_NAME, "", "cookie"])
    for name, domain, storage, key in CookieDeclaration.objects.filter(
        category__isnull=False
    ).values_list("name", "domain", "storage", "category__key"):
        patterns[key].append([name, domain, storage])
    return {
        "cookie": conf.COOKIE_NAME,
        "days": conf.cookie_days(),
        "revision": revision,
        "regime": conf.get("REGIME"),
        "regimeUrl": reverse("consent_api:regime"),
        "recordUrl": reverse("consent_api:records"),
        "language": get_language(),
        "consentMode": conf.get("GOOGLE_CONSENT_MODE"),
        "optional": list(OPTIONAL_CATEGORIES),
        "declarations": patterns,
    }


def snippets(placement):
    return [
        snippet.gated_html()
        for snippet in Snippet.objects.filter(enabled=True, placement=placement)
        .select_related("category")
    ]


# --- the request ---------------------------------------------------------------------------

def regime_for(request):
    """'opt-in' or 'opt-out' for this reader; by-country uses the trusted country header."""
    return regime_for_country(_country(request))


def _country(request):
    header = conf.get("COUNTRY_HEADER")
    return request.headers.get(header) if header else None


def regime_for_country(country):
    """The regime for a reader from this country (the trusted header's value, or None)."""
    regime = conf.get("REGIME")
    if regime != "by-country":
        return regime
    country = (country or "").strip().upper()
    opt_out = {code.strip().upper() for code in conf.get("OPT_OUT_COUNTRIES")}
    return "opt-out" if country and country in opt_out else "opt-in"


def categories_in_effect(cookie, country, gpc, now=None):
    """The optional categories whose code may run for a request, as consent.js decides it.

    The reader's own choice while it is within CONSENT_COOKIE_SECONDS; without one,
    everything in the opt-out regime and nothing in the opt-in regime; Global
    Privacy Control always takes Advertisement out. Reads no database: the page
    cache calls it for every request (pagecache.services.vary_pages_on). A choice
    made under an older policy revision still counts here although consent.js asks
    again: its sources stay allowed until the reader chooses anew.
    """
    choice = parse_cookie(cookie) if cookie else None
    now = time.time() if now is None else now
    if choice and now - choice["time"] < conf.get("COOKIE_SECONDS"):
        granted = set(choice["granted"])
    elif regime_for_country(country) == "opt-out":
        granted = set(OPTIONAL_CATEGORIES)
    else:
        granted = set()
    if gpc:
        granted.discard(CategoryKey.ADVERTISEMENT)
    return tuple(key for key in OPTIONAL_CATEGORIES if key in granted)


def categories_for(request):
    """categories_in_effect() for a Django request."""
    return categories_in_effect(
        request.COOKIES.get(conf.COOKIE_NAME), _country(request), gpc_signal(request),
    )


def gpc_signal(request):
    return request.headers.get("Sec-GPC", "").strip() == "1"


def truncate_ip(address):
    """203.0.113.77 -> 203.0.113.0/24; 2001:db8:5:6::1 -> 2001:db8:5::/48; junk -> ''."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


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


# --- the choice ----------------------------------------------------------------------------

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
    transaction.on_commit(purge_once_a_day)
    return record


def purge_once_a_day():
    """The retention purge, run after a record is written, at most once a day per cache."""
    if not cache.add("consent:retention-purge", timezone.now().isoformat(), 86400):
        return
    try:
        count = chain.purge_expired(conf.get("RETENTION_MONTHS"))
    except Exception:  # the reader's choice is saved; a failed purge retries tomorrow
        logger.exception("Consent record retention purge failed")
        return
    if count:
        logger.info("Purged %d consent records past retention", count)


def records_since(since):
    return ConsentRecord.objects.filter(created_at__gte=since).order_by("pk")
