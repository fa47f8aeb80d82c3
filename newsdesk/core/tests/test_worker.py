"""`newsdesk worker` and `newsdesk serve --with-worker` as real processes on a site of their own
(SQLite queue, or Redis in the second CI pass)."""

import signal
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

from tests.live_site import LiveSite, wait_until_answering


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = LiveSite(data_dir=tmp_path_factory.mktemp("worker-site"))
    site.newsdesk("migrate", "--noinput", "-v0")
    yield site
    site.stop_worker()
    site.drop_database()


def wait_for(path, text, seconds=30):
    deadline = time.monotonic() + seconds
    while text not in path.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not in {path}:\n{path.read_text()[-3000:]}")
        time.sleep(0.1)


def test_the_worker_runs_a_job_queued_by_another_process_and_stops_gracefully(site):
    site.start_worker()
    site.newsdesk("shell", "-c", "from newsdesk.comments import jobs; jobs.purge()")
    wait_for(site.worker_log_path, "newsdesk.comments.jobs.purge")
    wait_for(site.worker_log_path, "executed in")
    site.stop_worker()
    assert site.worker.returncode == 0
    assert "Worker stopped." in site.worker_log_path.read_text()


def test_the_worker_knows_every_app_s_jobs(site):
    log = site.worker_log_path.read_text()
    for job in ("newsdesk.newsletter.jobs.send_issue", "newsdesk.consent.jobs.retention_purge",
                "newsdesk.consent.jobs.scheduled_cookie_scan", "newsdesk.comments.jobs.purge",
                "newsdesk.backup.jobs.scheduled_backup"):
        assert job in log


def test_the_worker_refuses_to_start_when_jobs_run_where_they_are_queued(site):
    env = {**site.env, "NEWSDESK_JOBS_IMMEDIATE": "true"}
    result = subprocess.run([sys.executable, "-m", "newsdesk", "worker"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "NEWSDESK_JOBS_IMMEDIATE is on" in result.stderr


def test_serve_with_worker_runs_both_and_stops_both(site):
    site.newsdesk("collectstatic", "--noinput", "-v0")
    log = open(site.data_dir / "supervised.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "serve", "--port", str(site.port), "--workers", "1",
         "--with-worker"], env=site.env, stdout=log, stderr=log)
    try:
        wait_until_answering(process, f"{site.base_url}/en/", "serve --with-worker", 60,
                             log_path=site.data_dir / "supervised.log")
        wait_for(site.data_dir / "supervised.log", "Worker started")
        children = psutil.Process(process.pid).children(recursive=True)
        assert any("worker" in " ".join(child.cmdline()) for child in children)
        assert urllib.request.urlopen(f"{site.base_url}/en/", timeout=10).status == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0 or process.returncode in (0, -15)
        time.sleep(0.5)
        assert not [child for child in children if child.is_running()
                    and child.status() != psutil.STATUS_ZOMBIE]
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
