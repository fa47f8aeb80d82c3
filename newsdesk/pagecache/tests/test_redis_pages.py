"""Pages in Redis: a page rendered on one machine is served by every machine.

Two machines are two PageCacheApp instances around Django, each with its own
disk store, sharing one Redis (counters and pages) under a key prefix of the
test's own. Renders are counted at the Django application.
"""

import logging
import os
import time
import uuid
from io import StringIO

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import CommandError, call_command

from newsdesk.pagecache.entries import Entry
from newsdesk.pagecache.redis_pages import RedisPages
from newsdesk.pagecache.redis_versions import RedisVersions
from newsdesk.pagecache.services import article_tag, cache_control
from newsdesk.pagecache.store import PageStore
from newsdesk.pagecache.tests.conftest import call, delete_redis_keys
from newsdesk.pagecache.wsgi import PageCacheApp
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article
from tests.live_site import free_port

REDIS_URL = os.environ.get("REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (the second CI pass)")
pytestmark = pytest.mark.django_db


class Counting:
    """Django's WSGI application, counting the pages it renders."""

    def __init__(self):
        self.application = WSGIHandler()
        self.renders = 0

    def __call__(self, environ, start_response):
        self.renders += 1
        return self.application(environ, start_response)


class Machine:
    def __init__(self, directory, url, prefix, *, interval=0.0, max_bytes=1024 * 1024):
        # interval 0: a machine checks Redis's counters at every read, so the tests
        # need not wait for PAGECACHE_SYNC_INTERVAL.
        self.store = PageStore(
            directory, cache_control=cache_control(),
            versions=RedisVersions(url, prefix, interval=interval),
            shared=RedisPages(url, prefix, max_bytes=max_bytes),
        )
        self.django = Counting()
        self.app = PageCacheApp(self.django, store=self.store)

    def get(self, path):
        return call(self.app, path)


@pytest.fixture
def prefix(settings, tmp_path):
    """A key prefix of this test's own; the page cache's own store (edits) uses it too."""
    prefix = f"test-{uuid.uuid4().hex}"
    settings.PAGECACHE_REDIS_URL = REDIS_URL
    settings.PAGECACHE_REDIS_PREFIX = prefix
    settings.PAGECACHE_DIR = str(tmp_path / "editor")
    yield prefix
    delete_redis_keys(REDIS_URL, prefix)


@pytest.fixture
def machines(prefix, tmp_path):
    return Machine(tmp_path / "a", REDIS_URL, prefix), Machine(tmp_path / "b", REDIS_URL, prefix)


@pytest.fixture
def article():
    return make_article("Ferry returns to the bay", body="The ferry sails again. " * 40)


@needs_redis
def test_a_page_rendered_on_one_machine_is_served_by_the_other_without_rendering(
    machines, article
):
    a, b = machines
    url = article.get_absolute_url()

    first = a.get(url)
    on_b = b.get(url)

    assert first.headers["x-cache"] == "MISS" and a.django.renders == 1
    assert on_b.status == 200 and on_b.headers["x-cache"] == "HIT"
    assert b.django.renders == 0
    assert on_b.body == first.body and on_b.headers["etag"] == first.headers["etag"]
    # Copied to B's own layers: the next hit there needs no Redis, even one that is gone.
    b.store.shared = None
    b.store._memory.clear()
    assert b.get(url).headers["x-cache"] == "HIT" and b.django.renders == 0


@needs_redis
@pytest.mark.parametrize("editor", ["a", "b"])
def test_an_invalidation_on_either_machine_reaches_the_pages_of_both(machines, article, editor):
    """Neither machine serves the old page; the new one is rendered once, for both."""
    a, b = machines
    url = article.get_absolute_url()
    a.get(url), b.get(url), a.get(url), b.get(url)
    assert (a.django.renders, b.django.renders) == (1, 0)

    Article.objects.filter(pk=article.pk).update(title="Ferry timetable changed")
    {"a": a, "b": b}[editor].store.invalidate([article_tag(article.pk)])

    on_b, on_a = b.get(url), a.get(url)
    assert on_b.headers["x-cache"] == "MISS" and b.django.renders == 1
    assert on_a.headers["x-cache"] == "HIT" and a.django.renders == 1  # B's render, via Redis
    assert "Ferry timetable changed" in on_a.text and "Ferry timetable changed" in on_b.text


@needs_redis
def test_an_edit_saved_anywhere_refreshes_the_page_on_both_machines(
    machines, article, django_capture_on_commit_callbacks
):
    """The editor's process is a third one (its own store): the admin, a shell, a cron job."""
    a, b = machines
    url = article.get_absolute_url()
    a.get(url), b.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Ferry returns for the summer"
        article.save()

    assert "for the summer" in a.get(url).text and "for the summer" in b.get(url).text
    assert a.django.renders + b.django.renders == 2  # the old render, then one new one


@needs_redis
def test_a_page_from_redis_is_checked_against_the_counters_of_that_moment(prefix, tmp_path):
    """A machine that last synced long ago still refuses a page invalidated since."""
    a = Machine(tmp_path / "a", REDIS_URL, prefix)
    slow = Machine(tmp_path / "slow", REDIS_URL, prefix, interval=3600)
    snapshot = a.store.snapshot()
    slow.store.get("other page")  # synced now; its copy of the counters is not refreshed again
    a.store.put(entry_for(a.store, "page", snapshot, {"article:7"}))
    assert a.store.shared.get("page") is not None

    a.store.invalidate(["article:7"])

    assert slow.store.get("page") is None
    assert a.store.get("page") is None


@needs_redis
def test_a_page_rendered_while_its_article_changed_is_not_put_in_redis(prefix, tmp_path):
    a = Machine(tmp_path / "a", REDIS_URL, prefix)
    snapshot = a.store.snapshot()  # the render starts...
    a.store.invalidate(["article:7"])  # ...an edit commits...
    a.store.put(entry_for(a.store, "page", snapshot, {"article:7"}))  # ...the render ends

    assert a.store.shared.get("page") is None


@needs_redis
def test_pages_expire_in_redis_with_their_lifetime(machines, article, settings):
    a, _b = machines
    a.get(article.get_absolute_url())
    client = a.store.shared._redis
    (name,) = client.scan_iter(match=f"{settings.PAGECACHE_REDIS_PREFIX}:pagecache:page:*")
    assert 3500 < client.ttl(name) <= 3600  # PAGECACHE_TIMEOUT


@needs_redis
def test_pages_over_the_size_cap_stay_on_the_machine_that_rendered_them(prefix, tmp_path,
                                                                        article):
    a = Machine(tmp_path / "a", REDIS_URL, prefix, max_bytes=4096)
    b = Machine(tmp_path / "b", REDIS_URL, prefix, max_bytes=4096)
    url = article.get_absolute_url()

    a.get(url)
    assert a.get(url).headers["x-cache"] == "HIT"  # cached on A's own disk and memory
    assert a.store.count() == (1, 0)  # one page on A's disk, none in Redis
    assert b.get(url).headers["x-cache"] == "MISS" and b.django.renders == 1


@needs_redis
def test_hits_in_memory_or_on_disk_never_ask_redis_for_pages(machines, article):
    a, b = machines
    url = article.get_absolute_url()
    a.get(url)
    asked = []
    real_get = a.store.shared._redis.get
    a.store.shared._redis.get = lambda name: asked.append(name) or real_get(name)

    assert a.get(url).headers["x-cache"] == "HIT"  # memory
    a.store._memory.clear()
    assert a.get(url).headers["x-cache"] == "HIT"  # disk
    assert asked == []
    assert a.get("/en/").headers["x-cache"] == "MISS"  # a miss asks Redis once, then renders
    assert len(asked) == 1


@needs_redis
def test_clearpagecache_removes_the_pages_in_redis_too(machines, article):
    a, b = machines
    url = article.get_absolute_url()
    a.get(url), a.get("/en/"), b.get(url)

    out = StringIO()
    call_command("clearpagecache", stdout=out)

    # The command runs with the editor's store: nothing on its disk, both pages in Redis.
    assert out.getvalue().strip() == "Removed 0 cached pages here and 2 in Redis."
    assert a.store.count()[1] == 0
    assert b.get(url).headers["x-cache"] == "MISS"  # B's own copy is stale: `site` moved on


def test_an_unreachable_redis_sends_pages_to_django_and_is_logged_once(settings, tmp_path,
                                                                       caplog):
    """A wrong port: every page is rendered, none fails; no second attempt for a while."""
    pytest.importorskip("redis")
    url = f"redis://127.0.0.1:{free_port()}/0"
    machine = Machine(tmp_path / "a", url, f"test-{uuid.uuid4().hex}", interval=0.1)
    path = make_article("Ferry returns to the bay").get_absolute_url()
    attempts = []
    real_get = machine.store.shared._redis.get
    machine.store.shared._redis.get = lambda name: attempts.append(name) or real_get(name)
    caplog.set_level(logging.ERROR)

    responses = [machine.get(path) for _ in range(3)] + [machine.get("/en/")]

    assert [response.status for response in responses] == [200] * 4
    assert all("Ferry returns to the bay" in response.text for response in responses)
    assert machine.django.renders == 4  # the counters are unknown: never a stale page
    assert len(attempts) == 1  # then it rests for BACKOFF seconds
    logged = [record for record in caplog.records if record.name.endswith("redis_pages")]
    assert len(logged) == 1 and "cannot use Redis for pages" in logged[0].getMessage()


def test_clearpagecache_says_when_redis_could_not_be_cleared(settings, tmp_path):
    pytest.importorskip("redis")
    settings.PAGECACHE_REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    settings.PAGECACHE_DIR = str(tmp_path / "unreachable")
    with pytest.raises(CommandError, match="Redis could not be reached"):
        call_command("clearpagecache", stdout=StringIO())


def test_the_page_cache_settings_give_each_machine_a_redis_layer(settings, tmp_path):
    """With REDIS_URL set, page_store() builds all three layers; with 0 bytes only counters."""
    pytest.importorskip("redis")
    from newsdesk.pagecache.services import page_store

    settings.PAGECACHE_REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    settings.PAGECACHE_DIR = str(tmp_path / "one")
    assert isinstance(page_store().shared, RedisPages)
    settings.PAGECACHE_REDIS_MAX_BYTES = 0
    settings.PAGECACHE_DIR = str(tmp_path / "two")
    assert page_store().shared is None
    settings.PAGECACHE_REDIS_URL = ""
    settings.PAGECACHE_DIR = str(tmp_path / "three")
    assert page_store().shared is None


def entry_for(store, key, snapshot, tags):
    return Entry.build(
        key=key, status="200 OK", headers=[("Content-Type", "text/html")], body=b"<p>page</p>",
        tags=set(tags), versions=store.pin(snapshot, tags), created=time.time(),
        expires=time.time() + 60, cache_control="public",
    )
