import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache

from newsdesk.audience.committer import GroupCommitter, set_committer
from newsdesk.audience.store import write_batch

BROWSER_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)


@pytest.fixture(autouse=True)
def _inline_counting():
    """Write each count in the test's own transaction (the threaded flusher has its own
    connection, which cannot see a test's uncommitted rows; test_committer covers it)."""
    previous = set_committer(GroupCommitter(write_batch, threaded=False))
    cache.clear()  # rate-limit windows
    yield
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
