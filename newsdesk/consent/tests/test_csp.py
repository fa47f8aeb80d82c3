"""The Content-Security-Policy widens for declared snippets only after consent, cache or not."""

import datetime
import time
import uuid

import pytest

from newsdesk.consent.choices import cookie_value
from newsdesk.consent.models import CookieCategory, Snippet
from newsdesk.consent.readers import categories_in_effect
from newsdesk.pagecache.tests import conftest as pagecache_fixtures
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db

# Pages through the real WSGI stack, page cache in front (the page cache's own fixtures).
app = pagecache_fixtures.app
get = pagecache_fixtures.get

STATS = "https://stats.example.net"
VIDEO = "https://www.youtube-nocookie.com/embed/abc"


def consent_cookie(*granted, age=0):
    when = datetime.datetime.fromtimestamp(time.time() - age, tz=datetime.UTC)
    value = cookie_value(uuid.uuid4(), 1, granted, "opt-in", False, when)
    return f"newsdesk_consent={value}"


def directives(response):
    policy = response.headers["content-security-policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ") if part}


@pytest.fixture
def snippets():
    category = {c.key: c for c in CookieCategory.objects.all()}
    Snippet.objects.create(name="Stats", category=category["analytics"], code=(
        f'<script async src="{STATS}/tag.js"></script><script>stats("go");</script>'))
    Snippet.objects.create(name="Video", category=category["functional"], code=(
        f'<iframe src="{VIDEO}" title="Video" width="560" height="315"></iframe>'))
    Snippet.objects.create(name="Pasted Google tag", category=category["necessary"],
                           code='<script async src="https://www.googletagmanager.com/gtag/js">'
                                "</script>")


# --- whose choice counts ------------------------------------------------------------------

def test_the_readers_own_choice_counts_while_it_lasts(settings):
    settings.CONSENT_COOKIE_SECONDS = 30 * 86400
    cookie = consent_cookie("analytics", "functional").split("=", 1)[1]
    assert categories_in_effect(cookie, None, False) == ("functional", "analytics")
    old = consent_cookie("analytics", age=31 * 86400).split("=", 1)[1]
    assert categories_in_effect(old, None, False) == ()


def test_without_a_choice_opt_in_grants_nothing_and_opt_out_everything_but_gpc_ads(settings):
    assert categories_in_effect(None, None, False) == ()
    assert categories_in_effect("id:garbage|rev:x", None, False) == ()
    settings.CONSENT_REGIME = "opt-out"
    assert categories_in_effect(None, None, False) == (
        "functional", "analytics", "performance", "advertisement")
    assert "advertisement" not in categories_in_effect(None, None, True)
    settings.CONSENT_REGIME = "by-country"
    settings.CONSENT_COUNTRY_HEADER = "CF-IPCountry"
    assert categories_in_effect(None, "US", False) != ()
    assert categories_in_effect(None, "DE", False) == ()


def test_global_privacy_control_takes_advertising_out_of_a_choice_too():
    cookie = consent_cookie("analytics", "advertisement").split("=", 1)[1]
    assert categories_in_effect(cookie, None, True) == ("analytics",)


# --- through the page cache, as readers get pages -----------------------------------------

def test_before_a_choice_the_page_gets_the_strict_policy(get, snippets):
    url = make_article("Ferry returns").get_absolute_url()
    for expected_cache in ("MISS", "HIT"):
        page = get(url)
        assert page.headers["x-cache"] == expected_cache
        policy = directives(page)
        assert policy["script-src"] == ["'self'"]
        assert "frame-src" not in policy
        assert STATS not in page.headers["content-security-policy"]


def test_a_granted_category_adds_exactly_its_snippets_sources(get, snippets):
    url = make_article("Ferry returns").get_absolute_url()
    strict = get(url)
    for expected_cache in ("MISS", "HIT"):
        page = get(url, headers={"Cookie": consent_cookie("analytics")})
        assert page.headers["x-cache"] == expected_cache
        policy = directives(page)
        assert STATS in policy["script-src"] and STATS in policy["connect-src"]
        assert any(source.startswith("'sha256-") for source in policy["script-src"])
        # The pasted Google tag is an analytics script (auto-blocked): allowed with analytics.
        assert "https://www.googletagmanager.com" in policy["script-src"]
        assert "frame-src" not in policy  # the video's category was not granted
    assert page.body == strict.body
    assert page.headers["etag"] != strict.headers["etag"]  # no 304 across choices
    assert "Cookie" in page.headers["vary"] and "Cookie" in strict.headers["vary"]


def test_functional_consent_allows_the_embed_and_known_players(get, snippets):
    url = make_article("Ferry returns").get_absolute_url()
    policy = directives(get(url, headers={"Cookie": consent_cookie("functional")}))
    assert "https://www.youtube-nocookie.com" in policy["frame-src"]
    assert "https://*.vimeo.com" in policy["frame-src"]
    assert STATS not in " ".join(policy["script-src"])


def test_other_cookies_and_a_forged_consent_cookie_get_the_strict_copy(get, snippets):
    url = make_article("Ferry returns").get_absolute_url()
    strict = get(url)
    for cookie in ("theme=dark", "newsdesk_consent=granted:analytics",
                   "xnewsdesk_consent=" + consent_cookie("analytics").split("=", 1)[1]):
        page = get(url, headers={"Cookie": cookie})
        assert page.headers["x-cache"] == "HIT", cookie
        assert page.headers["etag"] == strict.headers["etag"]


def test_by_country_opt_out_readers_get_their_default_sources(get, snippets, settings):
    settings.CONSENT_REGIME = "by-country"
    settings.CONSENT_COUNTRY_HEADER = "CF-IPCountry"
    url = make_article("Ferry returns").get_absolute_url()
    assert STATS in directives(get(url, headers={"CF-IPCountry": "US"}))["script-src"]
    assert STATS not in " ".join(directives(get(url, headers={"CF-IPCountry": "FR"}))
                                 ["script-src"])
