"""What applies to the reader of a request: the regime, the categories in effect, GPC.

Nothing here reads the database: the page cache asks `categories_in_effect` on
every request (core.pages.vary_pages_on), before Django.
"""

import time

from newsdesk.consent import conf
from newsdesk.consent.choices import parse_cookie
from newsdesk.consent.models import OPTIONAL_CATEGORIES, CategoryKey


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
    cache calls it for every request (core.pages.vary_pages_on). A choice
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
