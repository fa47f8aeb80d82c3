"""Exact counts under concurrency, against the real server with two worker processes.

Bounded: 2 x 10,000 beacons from 50 concurrent keep-alive clients on loopback,
10 articles. The first 10,000 use the default buffered writing (views answered
at once, written within 250 ms), the second the group commit (answered after
the commit). The server's rate limit is off here (it would rightly stop 10,000
requests a minute from one address); its own tests are in newsdesk/audience.
"""

import http.client
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live_site import LiveSite

BEACONS = 10_000
CLIENTS = 50
ARTICLES = 10
# Loopback addresses the clients send from, so visitors differ by address too.
ADDRESSES = ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"]
AGENTS = 250
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


class Client(threading.local):
    """One keep-alive connection per worker thread, bound to a loopback address."""

    def __init__(self, port, address):
        self.connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=60, source_address=(address, 0),
        )

    def send(self, method, path, body=None, headers=()):
        self.connection.request(method, path, body=body, headers=dict(headers))
        response = self.connection.getresponse()
        return response.status, response.read()


def fire(site, requests):
    """Send (address, method, path, body, headers) requests from CLIENTS concurrent clients."""
    chunks = [requests[index::CLIENTS] for index in range(CLIENTS)]

    def run(chunk):
        clients = {}
        answers = []
        for address, method, path, body, headers in chunk:
            if address not in clients:
                clients[address] = Client(site.port, address)
            answers.append(clients[address].send(method, path, body, headers))
        for client in clients.values():
            client.connection.close()
        return answers

    with ThreadPoolExecutor(CLIENTS) as pool:
        return [answer for answers in pool.map(run, chunks) for answer in answers]


def beacon(article_id, address="127.0.0.1", agent=BROWSER, **headers):
    body = json.dumps({"article": article_id, "referrer": "https://example.org/x"})
    return (address, "POST", "/api/audience/view/", body,
            {"Content-Type": "application/json", "User-Agent": agent, **headers})


def totals(site):
    # SQLite, or PostgreSQL in the second CI pass, where counts reach the database from
    # Redis within a second: written at once here.
    if os.environ.get("REDIS_URL"):
        site.newsdesk("flush-counts")
    views, likes = site.sql("SELECT SUM(view_count), SUM(like_count) FROM publishing_article")[0]
    daily = site.sql("SELECT SUM(views) FROM audience_dailystat")[0][0] or 0
    return views, likes, daily


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = LiveSite(
        data_dir=tmp_path_factory.mktemp("beacon-load"),
        extra_env={"NEWSDESK_AUDIENCE_RATE_LIMIT": "0", "NEWSDESK_AUDIENCE_DEDUPE": "false"},
    )
    site.prepare()
    site.start(workers=2)
    site.article_ids = [row[0] for row in site.sql(
        "SELECT id FROM publishing_article WHERE status = 'published' ORDER BY id LIMIT %s",
        (ARTICLES,),
    )]
    assert len(site.article_ids) == ARTICLES
    yield site
    site.stop()


def test_concurrent_beacons_are_counted_exactly_deduplicated_filtered_and_survive_restart(site):
    ids = site.article_ids
    views_before, _likes, _daily = totals(site)

    # Deduplication off, buffered: every one of 10,000 acknowledged beacons is one view,
    # and stopping the server at once writes what was still buffered.
    answers = fire(site, [beacon(ids[n % ARTICLES]) for n in range(BEACONS)])
    assert [status for status, _body in answers] == [200] * BEACONS
    assert all(json.loads(body)["counted"] for _status, body in answers)
    site.stop()
    views_after_first, _likes, daily = totals(site)
    assert views_after_first - views_before == BEACONS
    assert daily == BEACONS

    # The totals are in the database, not in a process: they survive a restart.
    site.extra_env.update(NEWSDESK_AUDIENCE_DEDUPE="true", NEWSDESK_AUDIENCE_BUFFER_SECONDS="0")
    site.start(workers=2)
    assert totals(site)[0] == views_after_first

    # Deduplication on: exactly one view per distinct (address, browser, article).
    requests, visitors = [], set()
    for n in range(BEACONS):
        address = ADDRESSES[(n // 7) % len(ADDRESSES)]
        agent, article_id = f"{BROWSER} load/{n % AGENTS}", ids[(n // 11) % ARTICLES]
        visitors.add((address, agent, article_id))
        requests.append(beacon(article_id, address, agent))
    # The address matters: without it there would be far fewer visitors.
    assert len({(agent, article) for _address, agent, article in visitors}) < len(visitors)
    answers = fire(site, requests)
    assert [status for status, _body in answers] == [200] * BEACONS
    counted = sum(json.loads(body)["counted"] for _status, body in answers)
    assert counted == len(visitors) < BEACONS
    assert totals(site)[0] - views_after_first == len(visitors)

    # Crawlers, link previews, prefetches and HEAD requests add nothing.
    ignored = [beacon(ids[n % ARTICLES], agent="Googlebot/2.1 (+http://www.google.com/bot.html)")
               for n in range(200)]
    ignored += [beacon(ids[n % ARTICLES], agent=f"{BROWSER} p/{n}", **{"Sec-Purpose": "prefetch"})
                for n in range(200)]
    ignored += [beacon(ids[0], agent="facebookexternalhit/1.1") for _ in range(50)]
    ignored += [("127.0.0.1", "HEAD", "/api/audience/view/", None, {"User-Agent": BROWSER})] * 50
    before_ignored = totals(site)
    answers = fire(site, ignored)
    assert {status for status, _body in answers} == {200, 405}
    assert totals(site) == before_ignored


def test_a_like_a_repeated_like_and_an_unlike_give_the_right_count(site):
    article_id = site.article_ids[0]
    client = Client(site.port, "127.0.0.5")

    def like(liked):
        status, body = client.send(
            "POST", "/api/audience/like/", json.dumps({"article": article_id, "liked": liked}),
            {"Content-Type": "application/json", "User-Agent": BROWSER},
        )
        assert status == 200
        return json.loads(body)

    before = totals(site)[1]
    assert like(True)["likes"] == before + 1
    repeated = like(True)
    assert repeated["changed"] is False and repeated["likes"] == before + 1
    assert totals(site)[1] == before + 1
    assert like(False)["likes"] == before
    assert totals(site)[1] == before
