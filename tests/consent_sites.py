"""Live sites for the consent manager's end-to-end tests (tests/browser and tests/load).

`consent_site`: the demo newsroom in the by-country regime (CF-IPCountry: US gets
opt-out, everyone else opt-in), with test snippets gated by category: an
analytics probe that sets a declared cookie, an advertising probe, a YouTube
embed, and a Google tag pasted ungated (which the auto-blocker must catch).
`leaky_site`: a copy of it where a "necessary" snippet sets Google Analytics'
_ga cookie before consent, the misconfiguration `newsdesk audit` must catch.

Sites are started once per test session, whichever module asks first.
"""

import atexit
import shutil
import time
import uuid

from tests.live_site import LiveSite

ANALYTICS_PROBE = "nd_analytics_probe"
ADS_PROBE = "nd_ads_probe"
MYSTERY_PROBE = "nd_mystery_probe"
YOUTUBE = "https://www.youtube-nocookie.com/embed/consent-test"
GOOGLE_TAG = "https://www.googletagmanager.com/gtag/js?id=G-CONSENTTEST"

SETUP = f"""
from newsdesk.consent.models import CookieCategory, CookieDeclaration, Snippet
cat = {{c.key: c for c in CookieCategory.objects.all()}}
CookieDeclaration.objects.create(
    name="{ANALYTICS_PROBE}", category=cat["analytics"], provider="newsdesk tests",
    lifetime=3600, description="Set by the analytics probe.",
    translations={{"zh-hans": {{"description": "由分析探针设置。"}}}})
CookieDeclaration.objects.create(
    name="{ADS_PROBE}", category=cat["advertisement"], provider="newsdesk tests",
    lifetime=3600, description="Set by the advertising probe.")
Snippet.objects.create(name="Analytics probe", category=cat["analytics"], code=(
    '<script>document.cookie = "{ANALYTICS_PROBE}=1; path=/; max-age=3600";'
    'document.cookie = "{MYSTERY_PROBE}=1; path=/; max-age=600";'
    'document.cookie = "_gid=GA1.1.42; path=/; max-age=86400";'
    'document.documentElement.dataset.analyticsProbe = "ran";</script>'
    '<noscript><img src="https://example.net/pixel.gif" alt=""></noscript>'))
Snippet.objects.create(name="Advertising probe", category=cat["advertisement"], code=(
    '<script>document.cookie = "{ADS_PROBE}=1; path=/; max-age=3600";'
    'document.documentElement.dataset.adsProbe = "ran";</script>'))
Snippet.objects.create(name="Video", category=cat["functional"], code=(
    '<iframe src="{YOUTUBE}" title="Test video" width="560" height="315"></iframe>'))
Snippet.objects.create(name="Pasted Google tag", category=cat["necessary"], placement="head",
    code='<script async src="{GOOGLE_TAG}"></script>')
"""

LEAK = """
from newsdesk.consent.models import CookieCategory, Snippet
Snippet.objects.create(name="Leaky tracker", category=CookieCategory.objects.get(key="necessary"),
    code='<script>document.cookie = "_ga=GA1.1.123456.654321; path=/; max-age=600";</script>')
"""

_sites = {}


def _stop_all():
    for site in _sites.values():
        site.stop()


atexit.register(_stop_all)


def consent_site(tmp_path_factory):
    if "consent" not in _sites:
        site = LiveSite(
            data_dir=tmp_path_factory.mktemp("consent-site"),
            extra_env={
                "NEWSDESK_CONSENT_REGIME": "by-country",
                "NEWSDESK_CONSENT_COUNTRY_HEADER": "CF-IPCountry",
                "NEWSDESK_CONSENT_RATE_LIMIT": "100000",
            },
        )
        site.prepare()
        site.newsdesk("shell", "-c", SETUP)
        # The leaky copy shares the prepared database and static files; only the leak differs.
        leaky = LiveSite(data_dir=tmp_path_factory.mktemp("leaky-site") / "data")
        shutil.copytree(site.data_dir, leaky.data_dir)
        if leaky.database_name:  # on PostgreSQL it has a database of its own to prepare
            leaky.prepare()
            leaky.newsdesk("shell", "-c", SETUP)
        _sites["leaky-unstarted"] = leaky
        _sites["consent"] = _started(site, workers=2)
    return _sites["consent"]


def _started(site, workers=1):
    try:
        return site.start(workers=workers)
    except Exception:
        site.stop()  # a server that never answered must not outlive the tests
        raise


def leaky_site(tmp_path_factory):
    consent_site(tmp_path_factory)
    if "leaky" not in _sites:
        leaky = _sites.pop("leaky-unstarted")
        leaky.newsdesk("shell", "-c", LEAK)
        _sites["leaky"] = _started(leaky)
    return _sites["leaky"]


def wait_for_record(site, consent_id, seconds=5):
    """Wait until the consent record of this id is stored (a choice that reloads the page
    sends it with a keepalive request, whose answer the test cannot see)."""
    key = str(uuid.UUID(consent_id)) if site.database_name else uuid.UUID(consent_id).hex
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if site.sql("SELECT 1 FROM consent_consentrecord WHERE consent_id = %s", [key]):
            return
        time.sleep(0.1)
    raise AssertionError(f"no consent record for {consent_id} after {seconds} s")
