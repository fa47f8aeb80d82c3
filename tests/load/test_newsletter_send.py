"""An issue to 10,000 subscribers through a real SMTP server, with the worker killed mid-send.

A site of its own (SQLite, or PostgreSQL + Redis in the second CI pass, where the
job queue is Redis) imports 10,000 subscribers from a CSV, a real `newsdesk worker`
sends the newest story to them through aiosmtpd on loopback, and is killed with
SIGKILL once the server has counted about a third; a second worker started then
takes the send over. Counted at the SMTP server: 10,000 distinct recipients, each
exactly once, and 10,000 distinct Message-IDs. Bounded: about 30-60 s on a loaded
machine, each wait has a deadline.
"""

import csv
import time

import pytest

from tests import smtp_sink
from tests.live_site import LiveSite

pytestmark = pytest.mark.load
SUBSCRIBERS = 10_000


def wait(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {seconds} s")
        time.sleep(0.05)


def test_an_issue_to_10000_reaches_each_once_though_the_worker_is_killed_midway(
        tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("newsletter-load")
    with smtp_sink.running(keep=False) as (sink, port):
        site = LiveSite(data_dir=data_dir, extra_env={
            "NEWSDESK_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "NEWSDESK_BASE_URL": "https://news.example",
        })
        try:
            site.newsdesk("migrate", "--noinput", "-v0")
            site.newsdesk("demo", "--if-empty")
            subscribers = data_dir / "subscribers.csv"
            with open(subscribers, "w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["email", "name"])
                writer.writerows([f"reader{number}@example.org", f"Reader {number}"]
                                 for number in range(SUBSCRIBERS))
            imported = site.newsdesk("newsletter", "import", str(subscribers), "--list", "news-en")
            assert f"Imported {SUBSCRIBERS}," in imported.stdout

            site.start_worker()
            queued = site.newsdesk("newsletter", "send", "--latest", "--no-input", "--no-wait")
            assert f"for {SUBSCRIBERS} subscribers" in queued.stdout
            wait(lambda: sink.count >= SUBSCRIBERS // 3, 90, "a third of the send")
            site.stop_worker(kill=True)
            at_kill = sink.count
            assert at_kill < SUBSCRIBERS, "the send finished before the worker was killed"

            site.start_worker()
            wait(lambda: sink.count >= SUBSCRIBERS, 120, "the rest of the send")
            wait(lambda: site.sql("SELECT status FROM newsletter_issue")[0][0] == "sent", 30,
                 "the issue being marked sent")
            time.sleep(0.5)  # nothing more may arrive
            assert len(sink.recipients) == SUBSCRIBERS
            assert sink.duplicates == 0, sink.recipients.most_common(3)
            assert len(sink.message_ids) == SUBSCRIBERS
            counts = dict(site.sql("SELECT status, COUNT(*) FROM newsletter_delivery "
                                   "GROUP BY status"))
            assert counts == {"sent": SUBSCRIBERS}
            status = site.newsdesk("newsletter", "status").stdout
            assert f"sent {SUBSCRIBERS}, failed 0, skipped 0, left 0" in status
            log = site.worker_log_path.read_text()
            assert "was running when its worker died: queued again" in log
            print(f"killed at {at_kill} of {SUBSCRIBERS}; {log.count('queued again')} job(s) "
                  "queued again")
        finally:
            site.stop_worker()
            site.drop_database()
