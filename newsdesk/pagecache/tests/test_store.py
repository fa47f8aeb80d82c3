import time

import pytest

from newsdesk.pagecache.entries import Entry
from newsdesk.pagecache.store import PageStore
from newsdesk.pagecache.versions import SLOTS, slot_of


def make_entry(store, key, tags, body=b"<p>page</p>" * 100, expires=None):
    return Entry.build(
        key=key, status="200 OK", headers=[("Content-Type", "text/html")], body=body,
        tags=set(tags), versions=store.pin(store.snapshot(), tags), created=time.time(),
        expires=expires or time.time() + 60, cache_control="public",
    )


@pytest.fixture
def two_processes(tmp_path):
    """Two handles on one directory, as two workers have."""
    return PageStore(tmp_path), PageStore(tmp_path)


def test_a_page_stored_by_one_worker_is_served_by_the_other(two_processes):
    first, second = two_processes
    first.put(make_entry(first, "k", ["article:1"]))
    entry = second.get("k")
    assert entry is not None and entry.bodies[None].startswith(b"<p>page</p>")


def test_an_invalidation_in_one_worker_reaches_the_others_memory_at_once(two_processes):
    first, second = two_processes
    first.put(make_entry(first, "a", ["article:1"]))
    first.put(make_entry(first, "b", ["article:2"]))
    assert second.get("a") and second.get("b")  # now in the second worker's memory too

    first.invalidate(["article:1"])

    assert second.get("a") is None and first.get("a") is None
    assert second.get("b") is not None


def test_every_page_depends_on_the_site(two_processes):
    first, second = two_processes
    first.put(make_entry(first, "a", ["article:1"]))
    second.invalidate(["site"])
    assert first.get("a") is None


def test_expired_pages_are_not_served(tmp_path):
    store = PageStore(tmp_path)
    store.put(make_entry(store, "a", ["listings"], expires=time.time() - 1))
    assert store.get("a") is None


def test_a_damaged_file_is_a_miss_not_an_error(tmp_path):
    writer = PageStore(tmp_path)
    writer.put(make_entry(writer, "a", ["listings"]))
    path = writer._path("a")
    path.write_bytes(path.read_bytes()[:-10])
    assert PageStore(tmp_path).get("a") is None
    path.write_bytes(b"garbage")
    assert PageStore(tmp_path).get("a") is None


def test_memory_holds_at_most_its_budget_and_the_rest_is_read_from_disk(tmp_path):
    store = PageStore(tmp_path, memory_bytes=10_000)
    for number in range(10):
        store.put(make_entry(store, f"k{number}", ["listings"], body=bytes(3000)))
    assert store._memory_size <= 10_000 and len(store._memory) < 10
    assert all(store.get(f"k{number}") is not None for number in range(10))


def test_clear_drops_every_page(two_processes):
    first, second = two_processes
    first.put(make_entry(first, "a", ["article:1"]))
    first.put(make_entry(first, "b", ["listings"]))
    second.get("a")
    assert first.clear() == (2, None)  # no Redis: nothing counted there
    assert second.get("a") is None and first.get("b") is None


def test_articles_get_slots_of_their_own():
    slots = {slot_of(f"article:{pk}") for pk in range(1, SLOTS - 1)}
    assert len(slots) == SLOTS - 2
    assert slot_of("site") not in slots and slot_of("listings") not in slots
