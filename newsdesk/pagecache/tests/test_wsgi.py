import gzip

import brotli
import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from newsdesk.pagecache.tests.conftest import call
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article("Ferry returns to the bay", body="The **ferry** sails again. " * 40)


def test_second_request_is_a_hit_answered_without_a_database_query(get, article):
    """The first request renders (MISS), the second is served from the cache with no query."""
    url = article.get_absolute_url()
    first = get(url)
    assert first.status == 200 and first.headers["x-cache"] == "MISS"
    assert "render;dur=" in first.headers["server-timing"]

    with CaptureQueriesContext(connection) as queries:
        second = get(url)

    assert second.status == 200 and second.headers["x-cache"] == "HIT"
    assert len(queries) == 0
    assert second.body == first.body and "Ferry returns to the bay" in second.text


def test_a_hit_is_served_with_the_database_unreachable(get, article, monkeypatch):
    """A cached page needs no database at all; an uncached one fails without it."""
    url = article.get_absolute_url()
    get(url)

    def unreachable(*args, **kwargs):
        raise OperationalError("database unreachable")

    monkeypatch.setattr(connection, "cursor", unreachable)
    monkeypatch.setattr(connection, "ensure_connection", unreachable)
    with connection.execute_wrapper(unreachable):
        hit = get(url)
        uncached = get("/en/")  # never rendered: Django needs the database

    assert hit.status == 200 and hit.headers["x-cache"] == "HIT"
    assert uncached.status == 500


def test_pages_are_compressed_once_and_chosen_by_accept_encoding(get, article):
    """Brotli when accepted, else gzip, else identity; all the same page; Vary says so."""
    url = article.get_absolute_url()
    identity = get(url)
    brotli_page = get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    gzip_page = get(url, headers={"Accept-Encoding": "gzip"})
    refused = get(url, headers={"Accept-Encoding": "br;q=0, gzip;q=0"})

    assert "content-encoding" not in identity.headers
    assert brotli_page.headers["content-encoding"] == "br"
    assert gzip_page.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in refused.headers
    assert brotli.decompress(brotli_page.body) == identity.body
    assert gzip.decompress(gzip_page.body) == identity.body
    assert len(brotli_page.body) < len(identity.body) / 2
    assert int(gzip_page.headers["content-length"]) == len(gzip_page.body)
    for response in (identity, brotli_page, gzip_page):
        # Accept-Encoding first; Cookie and Sec-GPC from the consent app's variant.
        assert response.headers["vary"].split(", ")[0] == "Accept-Encoding"
    assert len({identity.headers["etag"], brotli_page.headers["etag"],
                gzip_page.headers["etag"]}) == 3


def test_etag_and_last_modified_answer_304(get, article):
    """A browser revalidating with its ETag or date gets 304 and no body."""
    url = article.get_absolute_url()
    page = get(url, headers={"Accept-Encoding": "gzip"})
    etag, modified = page.headers["etag"], page.headers["last-modified"]

    by_etag = get(url, headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
    weak_other_encoding = get(url, headers={"If-None-Match": f"W/{etag}"})
    by_date = get(url, headers={"If-Modified-Since": modified})
    changed = get(url, headers={"If-None-Match": '"something-else"'})

    assert by_etag.status == 304 and by_etag.body == b""
    assert by_etag.headers["etag"] == etag and "content-length" not in by_etag.headers
    assert weak_other_encoding.status == 304
    assert by_date.status == 304
    assert changed.status == 200 and changed.body


def test_cached_pages_set_no_cookie_and_let_shared_caches_keep_them(get, article):
    """Public, revalidated by browsers, kept a while by nginx or a CDN; no cookie ever."""
    for _ in range(2):
        for url in ("/en/", article.get_absolute_url(), "/zh-hans/"):
            response = get(url)
            assert response.status == 200
            assert response.headers["set-cookie"] == []
            cache_control = response.headers["cache-control"]
            assert cache_control.startswith("public, max-age=0, s-maxage=")
            assert "stale-while-revalidate=" in cache_control


def test_head_is_answered_from_the_cache_without_a_body(get, article):
    url = article.get_absolute_url()
    page = get(url)
    head = get(url, method="HEAD")
    assert head.status == 200 and head.body == b"" and head.headers["x-cache"] == "HIT"
    assert head.headers["content-length"] == str(len(page.body))


def test_languages_and_pages_of_a_listing_are_cached_separately(get):
    for number in range(12):
        make_article(f"Story {number:02d}", days_ago=number + 1)
    for url in ("/en/", "/en/?page=2", "/zh-hans/"):
        get(url)
    english, second, chinese = get("/en/"), get("/en/?page=2"), get("/zh-hans/")
    assert {english.headers["x-cache"], second.headers["x-cache"],
            chinese.headers["x-cache"]} == {"HIT"}
    assert "Story 00" in english.text and "Story 11" not in english.text
    assert "Story 11" in second.text
    assert 'lang="zh-Hans"' in chinese.text and 'lang="en"' in english.text


def test_logged_in_editor_bypasses_the_cache(get, client, article):
    """A session cookie sends the request to Django, never to or from the cache."""
    url = article.get_absolute_url()
    get(url)
    editor = User.objects.create_user("editor", password="pw-long-enough-123", is_staff=True)
    client.force_login(editor)
    session = client.cookies["sessionid"].value

    response = get(url, headers={"Cookie": f"consent=1; sessionid={session}"})

    assert response.status == 200 and "x-cache" not in response.headers
    assert get(url, headers={"Cookie": "consent=1"}).headers["x-cache"] == "HIT"


@pytest.mark.parametrize("query", ["c=token123", "q=ferry", "page=2&x=1", "page=abc"])
def test_query_strings_other_than_a_page_number_bypass(get, article, query):
    url = f"{article.get_absolute_url()}?{query}"
    get(url)
    assert "x-cache" not in get(url).headers


@pytest.mark.parametrize("path", ["/admin/login/", "/api/anything", "/static/x.css"])
def test_back_office_api_and_static_paths_bypass(get, path):
    get(path)
    assert "x-cache" not in get(path).headers


def test_posts_go_to_django(get, article):
    url = article.get_absolute_url()
    get(url)
    response = get(url, method="POST")
    assert response.status == 403 and "x-cache" not in response.headers  # CSRF: Django ran


@pytest.mark.parametrize(
    "path", ["/t/cookie/", "/t/private/", "/t/streaming/", "/t/missing/"],
)
def test_responses_with_cookies_private_streaming_or_errors_are_not_stored(
    get, settings, path
):
    settings.ROOT_URLCONF = "newsdesk.pagecache.tests.urls"
    first, second = get(path), get(path)
    assert "x-cache" not in first.headers and "x-cache" not in second.headers


def test_a_plain_page_of_another_app_is_stored(get, settings):
    settings.ROOT_URLCONF = "newsdesk.pagecache.tests.urls"
    assert get("/t/plain/").headers["x-cache"] == "MISS"
    assert get("/t/plain/").headers["x-cache"] == "HIT"


def test_unknown_hosts_are_refused_and_not_stored(get, article):
    url = article.get_absolute_url()
    assert get(url, host="evil.example").status == 400
    assert get(url, host="evil.example").status == 400


def test_ping_answers_without_django(app):
    with CaptureQueriesContext(connection) as queries:
        response = call(app, "/api/ping")
    assert response.status == 200 and response.body == b"pong\n" and len(queries) == 0
    assert response.headers["cache-control"] == "no-store"


def test_disabled_cache_passes_everything_to_django(settings, tmp_path, article):
    from django.core.handlers.wsgi import WSGIHandler

    from newsdesk.pagecache.wsgi import PageCacheApp

    settings.PAGECACHE_ENABLED = False
    app = PageCacheApp(WSGIHandler())
    url = article.get_absolute_url()
    call(app, url)
    assert "x-cache" not in call(app, url).headers
