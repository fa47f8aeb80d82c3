"""The consent texts in the reader's language: policy, categories, cookie tables."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from newsdesk.consent import conf
from newsdesk.consent.defaults import category_values, policy_values
from newsdesk.consent.lifetimes import format_lifetime
from newsdesk.consent.models import (
    CATEGORY_KEYS,
    CategoryKey,
    ConsentPolicy,
    CookieCategory,
    CookieDeclaration,
)


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
