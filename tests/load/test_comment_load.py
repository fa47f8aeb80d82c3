"""200 comment posts from 20 concurrent clients against the real server, on loopback.

Two worker processes write to one database (SQLite, or PostgreSQL in the
second CI pass). Every comment the server acknowledges (a redirect to its
permalink) must be in the database exactly once, under the id it was
acknowledged with; none may be lost or doubled.
Bounded: 200 requests, one minute at most.
"""

import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live_site import LiveSite

pytestmark = pytest.mark.load

CLIENTS, POSTS_PER_CLIENT = 20, 10


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = LiveSite(data_dir=tmp_path_factory.mktemp("comment-load"), extra_env={
        # A limit high enough never to trigger, so the shared counters are still exercised.
        "NEWSDESK_COMMENTS_RATE_LIMIT": "100000",
        "NEWSDESK_COMMENTS_MIN_SECONDS": "0",
    })
    site.prepare()
    site.start(workers=2)
    yield site
    site.stop()


def first_article(site):
    html = urllib.request.urlopen(f"{site.base_url}/en/", timeout=30).read().decode()
    path = re.search(r'<h2 class="teaser-title"><a href="([^"]+)"', html).group(1)
    page = urllib.request.urlopen(site.base_url + path, timeout=30).read().decode()
    action = re.search(r'action="(/en/comments/\d+/post/)"', page).group(1)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return action, token


def test_every_acknowledged_comment_is_stored_exactly_once(site):
    action, token = first_article(site)
    opener = urllib.request.build_opener(NoRedirect)
    run = uuid.uuid4().hex[:8]

    def client(number):
        acknowledged, failures = {}, []
        for post in range(POSTS_PER_CLIENT):
            text = f"Load {run} client {number} post {post}"
            data = urllib.parse.urlencode({
                "comment": text, "name": f"Client {number}", "token": token,
                "email": f"client{number}@example.org", "website": "",
            }).encode()
            request = urllib.request.Request(site.base_url + action, data=data, method="POST",
                                             headers={"Origin": site.base_url})
            try:
                response = opener.open(request, timeout=60)
                failures.append((text, response.status))
            except urllib.error.HTTPError as answer:
                location = answer.headers.get("Location", "")
                found = re.search(r"#comment-(\d+)$", location)
                if answer.code == 302 and found:
                    acknowledged[text] = int(found.group(1))
                else:
                    failures.append((text, answer.code))
        return acknowledged, failures

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(client, range(CLIENTS)))
    acknowledged = {text: pk for done, _ in results for text, pk in done.items()}
    failures = [failure for _, failed in results for failure in failed]

    assert all(status < 500 for _, status in failures), failures
    assert len(acknowledged) == CLIENTS * POSTS_PER_CLIENT, failures[:10]
    rows = site.sql("SELECT id, text FROM comments_comment WHERE text LIKE %s", (f"Load {run} %",))
    stored = {}
    for pk, text in rows:
        stored.setdefault(text, []).append(pk)
    assert {text: pks for text, pks in stored.items() if len(pks) > 1} == {}
    assert {text: pks[0] for text, pks in stored.items()} == acknowledged
