"""Behind nginx (docs/deploy.md): cached pages say how long nginx may keep them."""

import time

import pytest
from django.core.handlers.wsgi import WSGIHandler

from newsdesk.pagecache.tests.conftest import call
from newsdesk.pagecache.wsgi import PageCacheApp
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_with_the_nginx_microcache_cached_pages_expire_at_the_end_of_this_second(
    settings, tmp_path
):
    settings.PAGECACHE_DIR = str(tmp_path / "pagecache")
    settings.PAGECACHE_NGINX_MICROCACHE = True
    settings.PAGECACHE_REDIS_URL = ""  # one machine: processes hear of an edit at once
    app = PageCacheApp(WSGIHandler())
    url = make_article("Ferry returns to the bay").get_absolute_url()

    for cache in ("MISS", "HIT"):
        before = int(time.time())
        response = call(app, url)
        assert response.headers["x-cache"] == cache
        assert before <= int(response.headers["x-accel-expires"][1:]) <= int(time.time())
        assert response.headers["x-accel-expires"].startswith("@")
        assert "stale-while-revalidate" not in response.headers["cache-control"]


def test_a_page_is_kept_only_to_the_end_of_the_second_its_freshness_was_checked_in():
    """With Redis a process's counters are as of its last sync; nginx keeps nothing older."""

    class Versions:
        def fresh_as_of(self):
            return 999.9

    class Store:
        versions = Versions()

    app = PageCacheApp(WSGIHandler(), store=Store())
    assert app.nginx_expires(999.95) == "@999"
    assert app.nginx_expires(1000.05) == "@999"  # already expired for nginx: not kept


def test_without_it_nginx_gets_no_such_header(get):
    url = make_article("Ferry returns to the bay").get_absolute_url()
    assert "x-accel-expires" not in get(url).headers


def test_pages_that_are_not_cached_never_carry_it(settings, tmp_path):
    settings.PAGECACHE_DIR = str(tmp_path / "pagecache")
    settings.PAGECACHE_NGINX_MICROCACHE = True
    app = PageCacheApp(WSGIHandler())
    response = call(app, "/admin/login/")
    assert "x-accel-expires" not in response.headers
