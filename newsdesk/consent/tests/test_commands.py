"""`newsdesk consent`, `newsdesk audit` and `newsdesk scan-cookies` from the command line."""

import csv
import datetime
import io
import json
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from newsdesk.consent import browser
from newsdesk.consent.models import ConsentRecord
from newsdesk.consent.tests.helpers import record

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_verify_log_says_the_log_is_intact_and_names_the_head_hash():
    last = [record(), record()][-1]
    out, _ = run("consent", "verify-log")
    assert f"The consent log is intact: 2 records verified. Head hash {last.hash}." in out


def test_verify_log_fails_naming_each_changed_record():
    first, _second = record(), record()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE consent_consentrecord SET page = '/en/forged/' WHERE id = %s",
                       [first.pk])
    err = StringIO()
    with pytest.raises(CommandError, match="fails verification: 1 problem"):
        call_command("consent", "verify-log", stdout=StringIO(), stderr=err)
    assert f"record {first.pk}: its contents were changed" in err.getvalue()


def test_export_writes_records_since_a_day_as_csv_or_json(tmp_path):
    with mock.patch("django.utils.timezone.now",
                    return_value=timezone.now() - datetime.timedelta(days=10)):
        record(page="/en/old/")
    recent = record(granted=["functional", "analytics"], gpc=True)
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    out, err = run("consent", "export", "--since", since)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["consent_id"] for row in rows] == [str(recent.consent_id)]
    assert rows[0]["granted"] == "functional analytics" and rows[0]["hash"] == recent.hash
    assert "Exported 1 records" in err

    target = tmp_path / "records.json"
    run("consent", "export", "--since", "2000-01-01", "--format", "json", "--output", str(target))
    exported = json.loads(target.read_text())
    assert [r["page"] for r in exported] == ["/en/old/", "/en/"]
    assert exported[1]["gpc"] is True and exported[1]["previous_hash"] == exported[0]["hash"]


@pytest.mark.parametrize("args, message", [
    (["export", "--since", "last week"], "is not a date"),
    (["purge", "--months", "0", "--no-input"], "--months must be at least 1"),
])
def test_bad_options_end_with_a_sentence_not_a_traceback(args, message):
    with pytest.raises(CommandError, match=message):
        run("consent", *args)


def test_purge_deletes_records_past_retention_and_keeps_the_log_verifiable():
    with mock.patch("django.utils.timezone.now",
                    return_value=timezone.now() - datetime.timedelta(days=400)):
        record()
    record()
    out, _ = run("consent", "purge", "--months", "12", "--dry-run")
    assert "Would delete 1 records" in out and ConsentRecord.objects.count() == 2
    out, _ = run("consent", "purge", "--months", "12", "--no-input")
    assert "Deleted 1 records older than" in out and ConsentRecord.objects.count() == 1
    assert "intact: 1 records" in run("consent", "verify-log")[0]
    assert "No records past retention." in run("consent", "purge", "--no-input")[0]


@pytest.mark.parametrize("command", ["audit", "scan-cookies"])
def test_browser_commands_explain_an_unreachable_site(command):
    with pytest.raises(CommandError, match="does not answer: is the site running"):
        run(command, "--base-url", "http://127.0.0.1:9")
    with pytest.raises(CommandError, match="is not a site address"):
        run(command, "--base-url", "ftp://example.org")


@override_settings(CONSENT_CHROMIUM="/nonexistent/chromium")
def test_a_missing_chromium_is_named_with_the_fix():
    with pytest.raises(browser.BrowserUnavailable, match="apt-get install chromium"):
        with browser.chromium():
            pass


def test_audit_rejects_a_malformed_header():
    with pytest.raises(CommandError, match="must look like 'Name: value'"):
        run("audit", "--header", "nonsense")
