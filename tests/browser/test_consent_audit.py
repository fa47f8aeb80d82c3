"""`newsdesk audit` and `newsdesk scan-cookies` against real sites."""

import json

import pytest

from tests import consent_sites
from tests.consent_sites import MYSTERY_PROBE

pytestmark = pytest.mark.browser


def test_audit_passes_on_the_demo_site(live_site, tmp_path):
    result = live_site.newsdesk("audit", "--report-dir", str(tmp_path), check=False, timeout=300)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Audit passed" in result.stdout
    report = json.loads((tmp_path / "audit.json").read_text())
    assert report["passed"] is True and report["regime"] == "opt-in"
    kinds = {page["kind"] for page in report["pages"]}
    assert {"home", "article", "category", "tag", "author", "month", "cookie policy"} <= kinds
    assert list(report["states"]) == ["no choice", "all rejected", "all accepted"]
    text = (tmp_path / "audit.txt").read_text()
    assert "newsdesk_consent  [necessary" in text and "PASSED" in text


def test_audit_fails_where_a_tracking_cookie_is_set_before_consent(tmp_path_factory, tmp_path):
    leaky = consent_sites.leaky_site(tmp_path_factory)

    result = leaky.newsdesk("audit", "--path", "/en/", "--report-dir", str(tmp_path),
                            check=False, timeout=300)

    assert result.returncode == 1
    assert "Audit failed with" in result.stderr
    assert "cookie _ga (analytics, Google Analytics) before consent" in result.stdout
    assert "cookie _ga (analytics, Google Analytics) after Reject all" in result.stdout
    report = json.loads((tmp_path / "audit.json").read_text())
    assert report["passed"] is False
    assert {v["state"] for v in report["violations"]} == {"no choice", "all rejected"}


def test_scan_cookies_declares_what_it_finds_and_marks_it_seen(tmp_path_factory):
    site = consent_sites.consent_site(tmp_path_factory)

    result = site.newsdesk("scan-cookies", "--max-pages", "2", timeout=300)

    # The probes' declared cookies, Google Analytics' _gid, and a cookie nobody knows.
    assert "Matched 2 declared, added 1 from the knowledge base, added 1 uncategorised" \
        in result.stdout
    listing = site.newsdesk("shell", "-c", (
        "from newsdesk.consent.models import CookieDeclaration as D\n"
        "for d in D.objects.order_by('name'): print(d.name, d.category_id is not None, "
        "d.source, d.last_seen is not None)"
    )).stdout
    assert f"{MYSTERY_PROBE} False scan True" in listing
    assert "nd_analytics_probe True manual True" in listing
    assert "_gid True scan True" in listing
