import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from newsdesk.audience import redis_counters
from newsdesk.audience.batch_sql import write_batch
from newsdesk.audience.committer import GroupCommitter, set_committer

BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)


@pytest.fixture(autouse=True)
def _inline_counting():
    """Write each count in the test's own transaction (the threaded flusher has its own
    connection, which cannot see a test's uncommitted rows; test_committer covers it).

    Straight to the database even when REDIS_URL is set (the second CI pass): the
    Redis counter store's tests (test_redis_counters) install their own store.
    """
    previous = set_committer(GroupCommitter(write_batch, threaded=False))
    previous_counters = redis_counters.set_counters(None)
    cache.clear()  # rate-limit windows
    yield
    redis_counters.set_counters(previous_counters)
    set_committer(previous)


@pytest.fixture
def reader(client):
    """A browser-like client: a real user agent, same-origin fetches."""
    client.defaults.update(HTTP_USER_AGENT=BROWSER_UA, HTTP_SEC_FETCH_SITE="same-origin")
    return client


def staff_user(username, role):
    user = User.objects.create_user(username, password=f"{username}-pass-123", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def counters():
    """A Redis counter store of this test's own (a unique key prefix on REDIS_URL), used by
    the services; no drainer thread: the test drains with drainer.drain()."""
    from newsdesk.audience.tests.redis_helpers import REDIS_URL

    store = redis_counters.RedisCounters(REDIS_URL, f"test-{uuid.uuid4().hex}", background=False)
    previous = redis_counters.set_counters(store)
    yield store
    redis_counters.set_counters(previous)
    store.clear()
