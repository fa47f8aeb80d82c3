"""Concurrent consent records against the real server never fork the hash chain."""

import json
import threading
import urllib.request
import uuid

from tests import consent_sites

THREADS, RECORDS_EACH = 8, 25  # bounded: 200 loopback requests


def post_record(base_url):
    body = json.dumps({
        "consent_id": str(uuid.uuid4()), "action": "accept_all", "source": "banner",
        "granted": ["functional", "analytics", "performance", "advertisement"],
        "revision": 1, "language": "en", "page": "/en/", "gpc": False,
    }).encode()
    request = urllib.request.Request(
        f"{base_url}/api/consent/records/", data=body, method="POST",
        headers={"Content-Type": "application/json", "Origin": base_url},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def test_concurrent_writers_from_two_processes_keep_one_unbroken_chain(tmp_path_factory):
    site = consent_sites.consent_site(tmp_path_factory)  # two worker processes
    before = site.newsdesk("consent", "verify-log").stdout
    statuses, errors = [], []

    def writer():
        for _ in range(RECORDS_EACH):
            try:
                statuses.append(post_record(site.base_url))
            except Exception as problem:  # collected, so the test reports every failure
                errors.append(repr(problem))

    threads = [threading.Thread(target=writer) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and statuses == [201] * THREADS * RECORDS_EACH
    checked_before = int(before.split("intact: ")[1].split(" records")[0])
    after = site.newsdesk("consent", "verify-log").stdout
    assert f"intact: {checked_before + THREADS * RECORDS_EACH} records verified" in after
