"""A burst of readers on a page that just changed, against the real two-worker server."""

import re
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live_site import LiveSite

READERS = 64  # concurrent requests in the burst; bounded, loopback only


def fetch(url):
    request = urllib.request.Request(url, headers={"Connection": "close"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers.get("X-Cache"), response.read()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = LiveSite(data_dir=tmp_path_factory.mktemp("stampede"))
    site.prepare()
    site.start(workers=2)
    yield site
    site.stop()


def test_a_burst_on_a_changed_page_renders_it_at_most_once_per_worker(site):
    """64 readers at once after an edit: every one gets the page, rendered at most twice."""
    _status, _cache, home = fetch(f"{site.base_url}/en/")
    path = re.search(r'href="(/en/\d{4}/\d{2}/[^"]+/)"', home.decode())[1]
    url = f"{site.base_url}{path}"
    for _ in range(10):
        fetch(url)

    site.invalidate_pages(["site"])  # what an edit does
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        results = list(pool.map(lambda _: fetch(url), range(READERS)))

    assert {status for status, _cache, _body in results} == {200}
    # Renders may differ in the comment form's signed time token only (a second apart).
    unsigned = {re.sub(rb'name="token" value="[^"]*"', b"", body) for _s, _c, body in results}
    assert len(unsigned) == 1
    misses = sum(1 for _status, cache, _body in results if cache == "MISS")
    assert 1 <= misses <= 2, f"{misses} renders for {READERS} readers"
