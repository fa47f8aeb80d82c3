"""Invalidation counters in Redis: processes on different machines see each other's edits."""

import os
import uuid

import pytest

from newsdesk.pagecache.entries import Entry
from newsdesk.pagecache.redis_versions import RedisVersions
from newsdesk.pagecache.store import PageStore

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL (the second CI pass)")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def entry(store, key, tags):
    snapshot = store.snapshot()
    return Entry.build(
        key=key, status="200 OK", headers=[("Content-Type", "text/html")], body=b"<p>page</p>",
        tags=set(tags), versions=store.pin(snapshot, tags), created=0, expires=2**40,
        cache_control="public",
    )


@pytest.fixture
def machines(tmp_path):
    """Two processes on two machines: their own disk stores, one Redis."""
    prefix = f"test-{uuid.uuid4().hex}"
    clocks = Clock(), Clock()
    stores = [
        PageStore(tmp_path / f"machine{n}", versions=RedisVersions(
            REDIS_URL, prefix, interval=0.1, clock=clocks[n]))
        for n in (0, 1)
    ]
    yield stores, clocks
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.delete(*(f"{prefix}:pagecache:{name}" for name in ("generation", "counts", "epoch")))


def test_an_edit_on_one_machine_makes_the_page_stale_on_the_other_within_the_interval(machines):
    (first, second), (_, second_clock) = machines
    second.put(entry(second, "page", {"article:7"}))
    assert second.get("page") is not None

    first.invalidate(["article:7"])

    second_clock.now += 0.1
    assert second.get("page") is None


def test_the_machine_that_made_the_edit_sees_it_at_once(machines):
    (first, _), _ = machines
    first.put(entry(first, "page", {"listings"}))
    first.invalidate(["listings"])
    assert first.get("page") is None


def test_other_articles_stay_cached(machines):
    (first, second), (_, second_clock) = machines
    second.put(entry(second, "page", {"article:7"}))
    first.invalidate(["article:8"])
    second_clock.now += 0.1
    assert second.get("page") is not None


def test_a_flushed_redis_never_makes_an_old_page_current_again(machines):
    import redis

    (first, second), (first_clock, _) = machines
    first.put(entry(first, "page", {"article:7"}))
    versions = first.versions
    redis.Redis.from_url(REDIS_URL).delete(
        versions._generation_key, versions._counts_key, versions._epoch_key
    )
    first_clock.now += 0.1
    assert first.get("page") is None


def test_an_unreachable_redis_sends_every_page_to_django(tmp_path):
    clock = Clock()
    store = PageStore(tmp_path, versions=RedisVersions(
        "redis://127.0.0.1:1/0", "test", interval=0.1, clock=clock))
    store.put(entry(store, "page", {"article:7"}))
    clock.now += 0.1
    assert store.get("page") is None


def test_a_process_checks_redis_again_in_every_new_second(machines, monkeypatch):
    import time as real_time

    (first, second), _clocks = machines
    second.put(entry(second, "page", {"article:7"}))
    second.get("page")
    checked = second.versions.fresh_as_of()
    first.invalidate(["article:7"])
    # The interval has not passed (the fake clock stands still), but the second changed.
    later = real_time.time() + 1
    monkeypatch.setattr("newsdesk.pagecache.redis_versions.time.time", lambda: later)
    assert second.get("page") is None
    assert second.versions.fresh_as_of() == later > checked
