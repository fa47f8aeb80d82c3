"""The page cache against the real server: page weight, two workers, a missing database."""

import contextlib
import gzip
import os
import re
import time
import urllib.request
from pathlib import Path

import pytest

from tests.live_site import LiveSite

pytestmark = pytest.mark.browser

FIRST_VISIT_REQUESTS = 4
FIRST_VISIT_GZIP_BYTES = 30 * 1024


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


def first_article_url(base_url):
    _headers, body = fetch(f"{base_url}/en/")
    path = re.search(r'href="(/en/\d{4}/\d{2}/[^"]+/)"', body.decode())[1]
    return f"{base_url}{path}"


def test_article_first_visit_is_at_most_four_requests_and_30_kb_gzipped(page, live_site):
    """HTML, one stylesheet, one script (and later the beacon); no cookie, nothing stored."""
    url = first_article_url(live_site.base_url)
    requested = []
    page.on("request", lambda request: requested.append((request.method, request.url)))

    page.goto(url, wait_until="networkidle")

    assert len(requested) <= FIRST_VISIT_REQUESTS, requested
    transferred = 0
    for method, address in requested:
        if method != "GET":  # the view beacon: a few hundred bytes, not fetchable again
            continue
        headers, body = fetch(address, {"Accept-Encoding": "gzip"})
        transferred += len(body) + sum(len(k) + len(v) + 4 for k, v in headers.items())
        if headers.get("Content-Encoding") == "gzip":
            gzip.decompress(body)  # really gzip
        if "/static/" in address:  # hashed names: kept by browsers for a year
            assert re.search(r"max-age=3153\d{4,}", headers["Cache-Control"]), address
            assert headers.get("Content-Encoding") == "gzip", address
    assert transferred <= FIRST_VISIT_GZIP_BYTES, f"{transferred} bytes: {requested}"
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    for image in page.locator("img").all():
        assert image.get_attribute("width") and image.get_attribute("height")


def test_a_revisit_is_revalidated_by_the_browser_and_answered_from_the_cache(page, live_site):
    url = first_article_url(live_site.base_url)
    page.goto(url)
    second = page.goto(url)
    assert second.status in (200, 304)
    assert second.all_headers().get("x-cache") == "HIT"
    assert page.context.cookies() == []


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    site = LiveSite(data_dir=tmp_path_factory.mktemp("two-workers"))
    site.prepare()
    site.start(workers=2)
    yield site
    site.stop()


def titles_served(url, count=24):
    """The <h1> of `count` requests on fresh connections, which spread over the workers."""
    titles = []
    for _ in range(count):
        _headers, body = fetch(url, {"Connection": "close"})
        titles.append(re.search(r"<h1>(.*?)</h1>", body.decode(), re.S)[1])
    return titles


def test_an_edit_in_one_process_refreshes_every_worker_within_a_second(two_workers):
    url = first_article_url(two_workers.base_url)
    slug = url.rstrip("/").rsplit("/", 1)[1]
    assert len(set(titles_served(url))) == 1  # both workers now hold the page in memory
    assert fetch(url)[0]["X-Cache"] == "HIT"

    two_workers.newsdesk(
        "shell", "-c",
        "from newsdesk.publishing.models import Article; "
        f"a = Article.objects.get(slug='{slug}'); a.title = 'Ferry timetable changed'; a.save()",
    )

    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        titles = titles_served(url, count=8)
        if set(titles) == {"Ferry timetable changed"}:
            break
    assert set(titles_served(url)) == {"Ferry timetable changed"}


@contextlib.contextmanager
def database_gone(site):
    """The site's database unreachable: SQLite's files moved away, or PostgreSQL's
    database closed to connections and the open ones ended (the second CI pass)."""
    if site.database_name:
        import psycopg

        name = site.database_name
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
            try:
                yield
            finally:
                admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        return
    names = ["newsdesk.sqlite3", "newsdesk.sqlite3-wal", "newsdesk.sqlite3-shm"]
    files = [Path(site.data_dir) / name for name in names]
    for file in files:
        if file.exists():
            file.rename(file.with_name(f"away-{file.name}"))
    try:
        yield
    finally:
        for file in files:
            file.unlink(missing_ok=True)  # the empty database SQLite created meanwhile
            away = file.with_name(f"away-{file.name}")
            if away.exists():
                away.rename(file)


def test_cached_pages_are_served_while_the_database_is_gone(two_workers):
    url = first_article_url(two_workers.base_url)
    titles_served(url)  # warm both workers
    with database_gone(two_workers):
        statuses = {fetch(url, {"Connection": "close"})[0]["X-Cache"] for _ in range(10)}
        assert statuses == {"HIT"}
        with pytest.raises(urllib.error.HTTPError) as uncached:
            fetch(f"{url}?uncached=1")
        assert uncached.value.code == 500
