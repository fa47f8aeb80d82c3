"""The consent app's settings: name, default, one-line help.

Read lazily with `conf.get(name)` (never at import time), so tests can vary
them with `override_settings`. Environment variables map onto them in
newsdesk/settings.py and are documented in docs/configuration.md.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Setting:
    default: object
    env: str
    help: str


REGIMES = ("opt-in", "opt-out", "by-country")

SETTINGS = {
    "CONSENT_REGIME": Setting(
        "opt-in", "NEWSDESK_CONSENT_REGIME",
        "opt-in (GDPR, UK, PIPL), opt-out (US state laws) or by-country (from a trusted header)",
    ),
    "CONSENT_COUNTRY_HEADER": Setting(
        "", "NEWSDESK_CONSENT_COUNTRY_HEADER",
        "request header with the reader's ISO country code, set by a trusted proxy or CDN "
        "(e.g. CF-IPCountry); needed by the by-country regime",
    ),
    "CONSENT_OPT_OUT_COUNTRIES": Setting(
        ["US"], "NEWSDESK_CONSENT_OPT_OUT_COUNTRIES",
        "countries that get the opt-out regime in by-country mode; every other is opt-in",
    ),
    "CONSENT_COOKIE_DAYS": Setting(
        365, "NEWSDESK_CONSENT_COOKIE_DAYS",
        "days a choice is kept in the newsdesk_consent cookie before the reader is asked again",
    ),
    "CONSENT_RETENTION_MONTHS": Setting(
        24, "NEWSDESK_CONSENT_RETENTION_MONTHS",
        "months consent records are kept before the daily purge removes them",
    ),
    "CONSENT_GOOGLE_CONSENT_MODE": Setting(
        False, "NEWSDESK_CONSENT_GOOGLE_CONSENT_MODE",
        "emit Google Consent Mode v2 default (denied) and update calls for Google tags",
    ),
    "CONSENT_RATE_LIMIT": Setting(
        30, "NEWSDESK_CONSENT_RATE_LIMIT",
        "consent records accepted per IP network (/24 or /48) per 10 minutes",
    ),
    "CONSENT_BLOCK_DOMAINS": Setting(
        [], "NEWSDESK_CONSENT_BLOCK_DOMAINS",
        "more domains to block before consent, as domain=category pairs separated by commas "
        "(e.g. stats.example.net=analytics), added to the built-in knowledge base",
    ),
    "CONSENT_CHROMIUM": Setting(
        "/usr/bin/chromium", "NEWSDESK_CHROMIUM",
        "the Chromium executable `newsdesk audit` and `newsdesk scan-cookies` drive",
    ),
}

COOKIE_NAME = "newsdesk_consent"  # fixed: the scanner, the audit and the docs name it


def get(name):
    """The value of a consent setting: Django settings first, then the table's default."""
    return getattr(settings, name, SETTINGS[name].default)


def block_domains():
    """CONSENT_BLOCK_DOMAINS as {domain: category}."""
    pairs = {}
    for item in get("CONSENT_BLOCK_DOMAINS"):
        domain, _, category = item.partition("=")
        pairs[domain.strip().lower().lstrip(".")] = category.strip().lower()
    return pairs


def validate():
    """Stop start-up with a sentence naming the variable when a consent setting is wrong."""
    from newsdesk.consent.models import OPTIONAL_CATEGORIES

    regime = get("CONSENT_REGIME")
    if regime not in REGIMES:
        raise ImproperlyConfigured(
            f"NEWSDESK_CONSENT_REGIME={regime!r} is not a regime: use opt-in, opt-out or "
            "by-country."
        )
    if regime == "by-country" and not get("CONSENT_COUNTRY_HEADER"):
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
