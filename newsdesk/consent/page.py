"""What every page carries for consent: consent.js's configuration and the gated snippets."""

from django.urls import reverse
from django.utils.translation import get_language

from newsdesk.consent import conf
from newsdesk.consent.models import (
    CATEGORY_KEYS,
    OPTIONAL_CATEGORIES,
    CategoryKey,
    CookieDeclaration,
    Snippet,
)


def script_config(revision):
    """What consent.js needs, rendered as a JSON data block (no inline script)."""
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
