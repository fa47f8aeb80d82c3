"""Proof of consent: every choice is a record in a hash chain that shows tampering."""

import datetime
import json
import uuid

import pytest

from tests import consent_sites

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    return consent_sites.consent_site(tmp_path_factory)


def choose_in_banner(page, site, button):
    """Choose, and wait until the record is stored (Accept all may reload the page meanwhile)."""
    page.goto(f"{site.base_url}/en/")
    with page.expect_request("**/api/consent/records/"):
        page.locator("#consent-banner").get_by_role("button", name=button).click()
    value = next(c["value"] for c in page.context.cookies() if c["name"] == "newsdesk_consent")
    consent_id = dict(part.split(":", 1) for part in value.split("|"))["id"]
    consent_sites.wait_for_record(site, consent_id)
    return consent_id


def exported(site):
    today = datetime.date.today() - datetime.timedelta(days=1)
    result = site.newsdesk("consent", "export", "--since", today.isoformat(), "--format", "json")
    return json.loads(result.stdout)


def test_a_choice_is_recorded_and_the_log_verifies(page, site):
    consent_id = choose_in_banner(page, site, "Accept all")

    records = [r for r in exported(site) if r["consent_id"] == consent_id]
    assert len(records) == 1
    record = records[0]
    assert record["action"] == "accept_all" and record["source"] == "banner"
    assert record["granted"] == ["functional", "analytics", "performance", "advertisement"]
    assert record["regime"] == "opt-in" and record["language"] == "en"
    assert record["page"] == "/en/" and record["revision"] == 1
    assert record["ip"] == "127.0.0.0/24" and record["browser"].startswith("Chrome")
    result = site.newsdesk("consent", "verify-log")
    assert "The consent log is intact" in result.stdout
    assert record["hash"] in site.newsdesk("consent", "export", "--since", "2000-01-01").stdout


def test_an_edited_record_is_detected(page, site):
    consent_id = choose_in_banner(page, site, "Reject all")
    # UUIDs are 32 hex digits on SQLite, a native uuid on PostgreSQL.
    key = str(uuid.UUID(consent_id)) if site.database_name else uuid.UUID(consent_id).hex
    ((record_id,),) = site.sql("SELECT id FROM consent_consentrecord WHERE consent_id = %s", [key])
    everything = "functional analytics performance advertisement"
    try:  # someone grants everything after the fact
        site.sql("UPDATE consent_consentrecord SET granted = %s, denied = '' WHERE id = %s",
                 [everything, record_id])
        result = site.newsdesk("consent", "verify-log", check=False)
        assert result.returncode == 1
        assert f"record {record_id}: its contents were changed" in result.stderr
        assert "fails verification" in result.stderr
    finally:
        site.sql("UPDATE consent_consentrecord SET granted = '', denied = %s WHERE id = %s",
                 [everything, record_id])
    assert site.newsdesk("consent", "verify-log").returncode == 0
