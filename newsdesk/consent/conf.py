"""The consent app's settings (docs/consent.md): CONSENT_<NAME> from NEWSDESK_CONSENT_<NAME>.

Read lazily with `conf.get("NAME")` (never at import time), so tests can vary
them with `override_settings`; checked when the app starts.
"""

from django.core.exceptions import ImproperlyConfigured

from newsdesk.core.config import BOOLEAN, DURATION, INTEGER, LIST, TEXT, Setting, Table

REGIMES = ("opt-in", "opt-out", "by-country")
DAY = 86400
COOKIE_NAME = "newsdesk_consent"  # fixed: the scanner, the audit and the docs name it

SETTINGS = Table(
    "CONSENT",
    Setting("REGIME", TEXT, "opt-in",
            "opt-in (GDPR, UK, PIPL), opt-out (US state laws) or by-country (from a trusted "
            "header)", choices=REGIMES, what="a regime"),
    Setting("COUNTRY_HEADER", TEXT, "",
            "request header with the reader's ISO country code, set by a trusted proxy or CDN "
            "(e.g. CF-IPCountry); needed by the by-country regime"),
    Setting("OPT_OUT_COUNTRIES", LIST, ["US"],
            "countries that get the opt-out regime in by-country mode; every other is opt-in"),
    Setting("COOKIE_SECONDS", DURATION, 365 * DAY,
            "how long a choice is kept in the newsdesk_consent cookie before the reader is "
            "asked again", minimum=DAY, aliases={"NEWSDESK_CONSENT_COOKIE_DAYS": DAY}),
    # Months, not seconds: retention is promised in calendar months (docs/consent.md).
    Setting("RETENTION_MONTHS", INTEGER, 24,
            "calendar months consent records are kept before the daily purge removes them",
            minimum=1),
    Setting("GOOGLE_CONSENT_MODE", BOOLEAN, False,
            "emit Google Consent Mode v2 default (denied) and update calls for Google tags"),
    Setting("RATE_LIMIT", INTEGER, 30,
            "consent records accepted per IP network (/24 or /48) per 10 minutes", minimum=1),
    Setting("BLOCK_DOMAINS", LIST, [],
            "more domains to block before consent, as domain=category pairs separated by "
            "commas (e.g. stats.example.net=analytics), added to the built-in knowledge base"),
    Setting("CHROMIUM", TEXT, "/usr/bin/chromium",
            "the Chromium executable `newsdesk audit` and `newsdesk scan-cookies` drive",
            aliases={"NEWSDESK_CHROMIUM": 1}),
)
get = SETTINGS.get


def cookie_days():
    """CONSENT_COOKIE_SECONDS in whole days, as consent.js counts them."""
    return get("COOKIE_SECONDS") // DAY


def block_domains():
    """CONSENT_BLOCK_DOMAINS as {domain: category}."""
    pairs = {}
    for item in get("BLOCK_DOMAINS"):
        domain, _, category = item.partition("=")
        pairs[domain.strip().lower().lstrip(".")] = category.strip().lower()
    return pairs


def validate():
    """Stop start-up with a sentence naming the variable when a consent setting is wrong."""
    from newsdesk.consent.models import OPTIONAL_CATEGORIES

    SETTINGS.validate()
    if get("REGIME") == "by-country" and not get("COUNTRY_HEADER"):
        raise ImproperlyConfigured(
            "NEWSDESK_CONSENT_REGIME=by-country needs NEWSDESK_CONSENT_COUNTRY_HEADER: the name "
            "of the header your proxy or CDN sets to the reader's country (e.g. CF-IPCountry)."
        )
    for domain, category in block_domains().items():
        if not domain or category not in OPTIONAL_CATEGORIES:
            raise ImproperlyConfigured(
                f"NEWSDESK_CONSENT_BLOCK_DOMAINS has {domain}={category!r}: use domain=category "
                f"with a category among {', '.join(OPTIONAL_CATEGORIES)}."
            )
