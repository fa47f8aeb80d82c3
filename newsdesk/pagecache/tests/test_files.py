"""Reader pages as files for nginx (NEWSDESK_PAGECACHE_FILES_DIR), through the real WSGI stack.

nginx itself is in tests/load/test_scale_out.py (PostgreSQL + Redis pass); here
what newsdesk writes, when it writes nothing, and when the files go.
"""

import datetime
import gzip
import logging
import time
import uuid
from io import StringIO
from pathlib import Path

import brotli
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.utils import timezone

from newsdesk.pagecache import files
from newsdesk.pagecache.services import page_store
from newsdesk.pagecache.tests.conftest import call, delete_redis_keys
from newsdesk.pagecache.wsgi import PageCacheApp
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


def snippet_text():
    out = StringIO()
    call_command("nginx-page-headers", stdout=out)
    return out.getvalue()


@pytest.fixture
def site(settings, tmp_path):
    """newsdesk's WSGI application writing page files, with the snippet its command prints."""
    settings.PAGECACHE_DIR = str(tmp_path / "pagecache")
    prefix = settings.PAGECACHE_REDIS_PREFIX = f"test-{tmp_path.name}-{uuid.uuid4().hex}"
    snippet = tmp_path / "newsdesk-page-headers.conf"
    snippet.write_text(snippet_text())
    settings.PAGECACHE_FILES_DIR = str(tmp_path / "pages")
    settings.PAGECACHE_FILES_HEADERS = str(snippet)
    app = PageCacheApp(WSGIHandler())
    app.pages = tmp_path / "pages"
    app.snippet = snippet
    yield app
    page_store().files.close()
    if settings.PAGECACHE_REDIS_URL:
        delete_redis_keys(settings.PAGECACHE_REDIS_URL, prefix)


def written(site):
    return sorted(str(path.relative_to(site.pages)) for path in site.pages.rglob("*")
                  if path.is_file())


def test_a_reader_page_is_written_in_each_encoding_with_the_bytes_newsdesk_sends(site):
    url = make_article("Ferry returns to the bay", body="The ferry sails. " * 80) \
        .get_absolute_url()

    first = call(site, url, headers={"Accept-Encoding": "br"})

    folder = url.strip("/")
    assert written(site) == [f"{folder}/index.html", f"{folder}/index.html.br",
                             f"{folder}/index.html.gz"]
    page = site.pages / folder
    assert (page / "index.html.br").read_bytes() == first.body
    html = (page / "index.html").read_bytes()
    assert b"Ferry returns to the bay" in html
    assert gzip.decompress((page / "index.html.gz").read_bytes()) == html
    assert brotli.decompress(first.body) == html
    # One Last-Modified (nginx's ETag is made of it) for a page, whoever writes it.
    stamp = (page / "index.html").stat().st_mtime
    assert abs(stamp - time.time()) < 5 and stamp == int(stamp)


def test_the_snippet_holds_the_headers_of_the_pages_and_nginx_can_read_it(site):
    text = site.snippet.read_text()
    expected = files.read_snippet(site.snippet)
    assert ("x-content-type-options", "nosniff") in expected
    assert ("vary", "Accept-Encoding, Cookie, Sec-Gpc") in expected
    policy = dict(expected)["content-security-policy"]
    assert "script-src 'self'" in policy and "https:" not in policy  # the strict copy
    assert all(line.startswith("#") or line.startswith("add_header ") and line.endswith(";")
               for line in text.splitlines())
    url = make_article().get_absolute_url()
    call(site, url)
    page = call(site, url)  # a hit: what every reader gets
    headers = [(name, value) for name, value in page.headers.items() if name != "set-cookie"]
    assert files.compared_headers(headers) == expected


@pytest.mark.parametrize("headers, query", [
    ({"Cookie": "newsdesk_consent=functional"}, ""),  # another copy: its own policy
    ({"Cookie": "sessionid=abc"}, ""),  # an editor's page is never shared
    ({"Sec-GPC": "1"}, ""),
    ({"Authorization": "Basic YTpi"}, ""),
    ({}, "page=1"),  # nginx would send the file whatever the query
])
def test_no_file_for_a_request_nginx_does_not_send_files_to(site, headers, query):
    url = make_article().get_absolute_url() + (f"?{query}" if query else "")
    for _ in range(2):
        call(site, url, headers=headers)
    assert written(site) == []


def test_no_file_for_pages_outside_a_language_or_not_ending_in_a_slash(site):
    make_article()
    assert call(site, "/en/feed/").status == 200
    for path in ("/sitemap.xml", "/robots.txt", "/en/search/?q=ferry"):
        call(site, path)
    assert all(path.startswith("en/feed/") for path in written(site)), written(site)


def test_no_file_while_pages_carry_other_headers_than_the_snippet_says(site, caplog):
    site.snippet.write_text(site.snippet.read_text().replace("nosniff", "sniff-away"))
    app = PageCacheApp(WSGIHandler())
    page_store().files.expected = files.read_snippet(site.snippet)

    with caplog.at_level(logging.WARNING, logger="newsdesk.pagecache.files"):
        response = call(app, make_article().get_absolute_url())

    assert response.status == 200 and written(site) == []
    assert "newsdesk nginx-page-headers" in caplog.text
    assert "x-content-type-options" in caplog.text and "sniff-away" in caplog.text


def test_an_edit_removes_every_file_and_the_next_request_writes_the_new_page(
    site, django_capture_on_commit_callbacks
):
    article = make_article("Ferry returns to the bay")
    other = make_article("Library reopens")
    for url in (article.get_absolute_url(), other.get_absolute_url(), "/en/"):
        call(site, url)
    assert len(written(site)) == 9  # three pages, three encodings

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Ferry returns for good"
        article.save()

    assert written(site) == []
    call(site, article.get_absolute_url())
    page = site.pages / article.get_absolute_url().strip("/") / "index.html"
    assert b"Ferry returns for good" in page.read_bytes()


def test_a_page_invalidated_while_it_was_written_does_not_stay(site, monkeypatch):
    """The file is checked after it is written: an edit in between removes it."""
    url = make_article().get_absolute_url()
    store = page_store()
    real_write = files.write_atomically

    def write_then_edit(name, body, **kwargs):
        real_write(name, body, **kwargs)
        store.versions.bump(["site"])  # another process's edit, counters only

    monkeypatch.setattr(files, "write_atomically", write_then_edit)
    call(site, url)
    assert written(site) == []


def test_another_process_s_invalidation_empties_the_directory_within_a_poll(site):
    url = make_article().get_absolute_url()
    call(site, url)
    assert written(site)
    store = page_store()

    store.versions.bump(["listings"])  # only the counters, as another process or machine does

    deadline = time.monotonic() + 2
    while written(site) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert written(site) == []
    call(site, url)  # and this process writes it again
    assert written(site)


def test_files_go_when_the_next_scheduled_article_goes_live(site):
    make_article("Out now")
    make_article("Later today", published_at=timezone.now() + datetime.timedelta(seconds=1))
    call(site, "/en/")
    assert written(site) == ["en/index.html", "en/index.html.br", "en/index.html.gz"]

    deadline = time.monotonic() + 3
    while written(site) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert written(site) == []
    assert b"Later today" in call(site, "/en/").body
    assert b"Later today" in (site.pages / "en" / "index.html").read_bytes()


def test_clearpagecache_removes_the_files_too(site):
    call(site, make_article().get_absolute_url())
    assert written(site)
    call_command("clearpagecache", stdout=StringIO())
    assert written(site) == []


@pytest.mark.parametrize("path", [
    "/en/../../etc/", "/en//x/", "/en/./x/", "/en/x", "/en/a\\b/", "/en/\x00/",
    "/en/" + "x" * 1100 + "/",
])
def test_a_path_that_could_leave_the_directory_gets_no_file(path):
    assert files.file_path(path) is None


def test_a_path_in_chinese_is_the_bytes_nginx_looks_for():
    path = "/zh-hans/2026/11/青川/".encode().decode("latin-1")  # as PEP 3333 hands it over
    assert files.file_path(path) == "/zh-hans/2026/11/青川/".encode()


def test_the_check_warns_when_the_snippet_is_missing(settings, tmp_path):
    from newsdesk.pagecache.checks import page_files_headers_readable

    settings.PAGECACHE_FILES_DIR = str(tmp_path / "pages")
    settings.PAGECACHE_FILES_HEADERS = str(tmp_path / "missing.conf")
    [warning] = page_files_headers_readable(None)
    assert warning.id == "pagecache.W002" and "newsdesk nginx-page-headers" in warning.hint
    settings.PAGECACHE_FILES_DIR = ""
    assert page_files_headers_readable(None) == []


def test_the_command_prints_lines_nginx_accepts(tmp_path):
    """nginx -t on a server that includes the printed snippet."""
    import shutil
    import subprocess

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed")
    (tmp_path / "snippet.conf").write_text(snippet_text())
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        "events {}\nhttp { server { listen 127.0.0.1:1; location / { "
        f"include {tmp_path}/snippet.conf; }} }} }}\n"
    )
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


class ScriptedVersions:
    """Counters whose generation a test sets: None is Redis not answering."""

    def __init__(self):
        self.value = 1

    def generation(self):
        return self.value


def test_a_redis_blip_keeps_the_files_and_an_outage_removes_them(tmp_path):
    store = type("Store", (), {"versions": ScriptedVersions()})()
    page_files = files.PageFiles(tmp_path / "pages", tmp_path / "none.conf", store)
    page = tmp_path / "pages" / "en" / "index.html"
    left_behind = tmp_path / "pages.old-0123456789ab" / "en" / "index.html"
    left_behind.parent.mkdir(parents=True)
    left_behind.write_bytes(b"<html>")  # set aside by a process killed before removing it
    page_files.watch()
    try:
        time.sleep(files.POLL * 2)  # the watcher's start-up sweep is done
        assert not left_behind.exists() and (tmp_path / "pages").is_dir()
        page.parent.mkdir(parents=True)
        page.write_bytes(b"<html>")

        store.versions.value = None  # one round trip timed out on a busy machine
        time.sleep(files.OUTAGE / 2)
        store.versions.value = 1
        time.sleep(files.POLL * 2)
        assert page.exists()

        store.versions.value = None  # Redis is down: nobody hears of edits any more
        time.sleep(files.OUTAGE + files.POLL * 3)
        assert not page.exists()

        page.parent.mkdir(parents=True)
        page.write_bytes(b"<html>")
        store.versions.value = 2  # back, and something changed meanwhile
        time.sleep(files.POLL * 3)
        assert not page.exists()
    finally:
        page_files.close()


def test_clears_at_the_same_moment_never_raise(tmp_path):
    """Edits committed together in several threads (and processes) empty one directory."""
    import threading

    store = type("Store", (), {"versions": ScriptedVersions()})()
    processes = [files.PageFiles(tmp_path / "pages", tmp_path / "none.conf", store)
                 for _ in range(2)]
    errors = []

    def clear_often(page_files):
        try:
            for _ in range(30):
                page_files.clear()
        except Exception as exc:  # noqa: BLE001 - any exception is the failure
            errors.append(exc)

    threads = [threading.Thread(target=clear_often, args=(processes[n % 2],))
               for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and (tmp_path / "pages").is_dir()
