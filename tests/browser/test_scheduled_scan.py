"""The worker's scheduled cookie scan finds a cookie a page started setting and emails the
administrators about it, through a real SMTP server (aiosmtpd)."""

import time

import pytest

from tests import smtp_sink
from tests.live_site import LiveSite

pytestmark = pytest.mark.browser

FIXTURE_COOKIE = "nd_fixture_new_cookie"
SETUP = f"""
from newsdesk.consent.models import CookieCategory, Snippet
Snippet.objects.create(name="New widget", category=CookieCategory.objects.get(key="functional"),
    code='<script>document.cookie = "{FIXTURE_COOKIE}=1; path=/; max-age=86400";</script>')
"""


def test_the_scheduled_scan_emails_the_administrators_about_a_new_cookie(tmp_path_factory):
    with smtp_sink.running() as (sink, port):
        site = LiveSite(data_dir=tmp_path_factory.mktemp("scan-site"), extra_env={
            "NEWSDESK_SMTP_URL": f"smtp://127.0.0.1:{port}",
            # Every minute, so the worker starts one at once (the default is weekly).
            "NEWSDESK_CONSENT_SCAN_SCHEDULE": "* * * * *",
            "NEWSDESK_CONSENT_SCAN_MAX_PAGES": "3",
        })
        try:
            site.prepare()
            site.newsdesk("shell", "-c", SETUP)
            site.start()
            site.start_worker()
            deadline = time.monotonic() + 240
            while not any("cookie scan" in str(message["Subject"]) for message in sink.messages):
                assert time.monotonic() < deadline, site.worker_log_path.read_text()[-4000:]
                time.sleep(0.5)
            report = next(message for message in sink.messages
                          if "cookie scan" in str(message["Subject"]))
            body = report.get_content()
            assert report.recipients == ["admin@example.org"]
            assert f"- {FIXTURE_COOKIE} (cookie): uncategorised" in body
            assert "/admin/consent/cookiedeclaration/" in body
            declared = site.sql("SELECT source FROM consent_cookiedeclaration WHERE name = %s",
                                (FIXTURE_COOKIE,))
            assert declared == [("scan",)]
        finally:
            site.stop()
            site.drop_database()
