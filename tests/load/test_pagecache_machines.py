"""Two machines, one page cache: `newsdesk serve` twice, with separate disks, sharing Redis.

Each process has its own data directory, so its own disk store, as if on a
machine of its own; they share the database (PostgreSQL in the second CI pass,
else the first one's SQLite file) and Redis, which holds the invalidation
counters and a copy of every rendered page. A page rendered through one is a
hit on the other; an approved comment or an edit made through one is visible
through the other within a second. Requests carry `Host: 127.0.0.1`, as nginx's
`proxy_set_header Host $host` sends them (docs/deploy.md): the host is part of
the cache key. Needs REDIS_URL (`make test-scale`); about 20 seconds.
"""

import os
import re
import secrets
import time
import urllib.parse
import urllib.request
import uuid

import pytest

from newsdesk.pagecache.tests.conftest import delete_redis_keys
from tests.live_site import LiveSite, free_port

pytestmark = [
    pytest.mark.load,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"),
                       reason="needs REDIS_URL (the second CI pass: make test-scale)"),
]

HOST = "127.0.0.1"  # what nginx forwards ($host: no port), the same for every process
VISIBLE_WITHIN = 1.5  # seconds: the one-second bound plus slack for a busy test machine


@pytest.fixture(scope="module")
def machines(tmp_path_factory):
    port = free_port()
    shared = {
        "NEWSDESK_BASE_URL": f"http://{HOST}:{port}",
        "NEWSDESK_SECRET_KEY": secrets.token_urlsafe(40),
        "NEWSDESK_CACHE_KEY_PREFIX": f"machines-{uuid.uuid4().hex[:8]}",
        "NEWSDESK_COMMENTS_MODERATION": "approve-all",
        "NEWSDESK_COMMENTS_MIN_SECONDS": "0",
    }
    a = LiveSite(data_dir=tmp_path_factory.mktemp("machine-a"), port=port,
                 extra_env=dict(shared))
    database = a.extra_env.get("DATABASE_URL") or f"sqlite:///{a.data_dir / 'newsdesk.sqlite3'}"
    b = LiveSite(data_dir=tmp_path_factory.mktemp("machine-b"),
                 extra_env={**shared, "DATABASE_URL": database})
    try:
        a.prepare()
        b.newsdesk("collectstatic", "--noinput", "-v0")
        a.start(workers=1)
        b.start(workers=1)
        yield a, b
    finally:
        a.stop()
        b.stop()
        a.drop_database()
        delete_redis_keys(os.environ["REDIS_URL"], shared["NEWSDESK_CACHE_KEY_PREFIX"])


def fetch(site, path):
    request = urllib.request.Request(site.base_url + path, headers={"Host": HOST})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read().decode()


def article_paths(site):
    _headers, home = fetch(site, "/en/")
    return re.findall(r'<h2 class="teaser-title"><a href="([^"]+)"', home)


def test_a_page_rendered_through_one_process_is_a_hit_on_the_other(machines):
    a, b = machines
    path = article_paths(a)[-1]  # never asked for yet, on either machine

    rendered_headers, rendered = fetch(a, path)
    headers, page = fetch(b, path)

    assert rendered_headers["X-Cache"] == "MISS"
    assert headers["X-Cache"] == "HIT" and "Server-Timing" not in headers
    assert headers["ETag"] == rendered_headers["ETag"] and page == rendered


def seconds_until_visible(site, path, text, deadline=5.0):
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        if text in fetch(site, path)[1]:
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def test_a_comment_or_an_edit_through_one_process_is_visible_through_the_other_within_a_second(
    machines,
):
    a, b = machines
    path = article_paths(b)[0]
    fetch(b, path), fetch(a, path)
    assert fetch(b, path)[0]["X-Cache"] == "HIT" and fetch(a, path)[0]["X-Cache"] == "HIT"

    # A comment posted through A, approved at once: B's copies are stale now.
    _headers, page = fetch(a, path)
    action = re.search(r'action="(/en/comments/\d+/post/)"', page).group(1)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    text = f"Seen on both machines {uuid.uuid4().hex[:8]}"
    data = urllib.parse.urlencode({
        "comment": text, "name": "Reader", "email": "reader@example.org", "website": "",
        "token": token,
    }).encode()
    urllib.request.urlopen(urllib.request.Request(
        a.base_url + action, data=data, headers={"Host": HOST}), timeout=30).read()
    waited = seconds_until_visible(b, path, text)
    assert waited is not None and waited <= VISIBLE_WITHIN, waited

    # An editor's change to the article, saved by another process of machine A.
    article_id = int(re.search(r"/en/comments/(\d+)/post/", action).group(1))
    title = f"Retitled {uuid.uuid4().hex[:8]}"
    a.newsdesk("shell", "-c", (
        "from newsdesk.publishing.models import Article; "
        f"a = Article.objects.get(pk={article_id}); a.title = {title!r}; a.save()"
    ))
    waited = seconds_until_visible(b, path, title)
    assert waited is not None and waited <= VISIBLE_WITHIN, waited
    # One machine rendered the new page; the other was given it by Redis.
    assert {fetch(a, path)[0]["X-Cache"], fetch(b, path)[0]["X-Cache"]} == {"HIT"}
