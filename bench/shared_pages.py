"""What a page rendered on another machine costs: a render, or a copy from Redis.

Two `newsdesk serve` processes with their own data directories (so their own
disk stores, as on two machines) share the database and Redis. For each demo
page neither has served, the first request goes to A (Django renders it), then
two go to B: the first is answered from Redis (fetched, checked against the
counters, copied to B's disk and memory), the second from B's memory. Prints
the medians and the pages' sizes in Redis (docs/performance.md, "A page
rendered on another machine"); never fails on them.

    REDIS_URL=redis://127.0.0.1:6379/0 [DATABASE_URL=postgres://...] \\
        .venv/bin/python bench/shared_pages.py
"""

import os
import re
import secrets
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.live_site import LiveSite, free_port  # noqa: E402

HOST = "127.0.0.1"  # the same Host for both, as nginx forwards it: the host is in the key
WARM_UP = 5  # pages that compile templates in each process; not counted


def fetch(site, path):
    request = urllib.request.Request(site.base_url + path,
                                     headers={"Host": HOST, "Accept-Encoding": "br"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return (time.perf_counter() - started) * 1000, response.headers["X-Cache"]


def reader_pages(site):
    """Articles and listings linked from the home page, in both languages."""
    with urllib.request.urlopen(urllib.request.Request(
            site.base_url + "/en/", headers={"Host": HOST}), timeout=30) as response:
        home = response.read().decode()
    paths = set(re.findall(r'href="(/en/[^"#?]*)"', home))
    return sorted(paths | {path.replace("/en/", "/zh-hans/", 1) for path in paths})


def redis_sizes(prefix):
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    names = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    sizes = sorted(client.strlen(name) for name in names if b":pagecache:page:" in name)
    if names:
        client.delete(*names)
    return sizes


def main():
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL (make test-scale's services: scripts/start-scale-services).")
    port = free_port()
    shared = {
        "NEWSDESK_BASE_URL": f"http://{HOST}:{port}",
        "NEWSDESK_SECRET_KEY": secrets.token_urlsafe(40),
        "NEWSDESK_CACHE_KEY_PREFIX": f"bench-pages-{uuid.uuid4().hex[:8]}",
    }
    a = LiveSite(data_dir=Path(tempfile.mkdtemp(prefix="newsdesk-pages-a-")), port=port,
                 extra_env=dict(shared))
    database = a.extra_env.get("DATABASE_URL") or f"sqlite:///{a.data_dir / 'newsdesk.sqlite3'}"
    b = LiveSite(data_dir=Path(tempfile.mkdtemp(prefix="newsdesk-pages-b-")),
                 extra_env={**shared, "DATABASE_URL": database})
    try:
        a.prepare()
        b.newsdesk("collectstatic", "--noinput", "-v0")
        a.start()
        b.start()
        measured = []  # (rendered on A, from Redis on B, from memory on B) per page
        for number, path in enumerate(reader_pages(a)):
            times = [fetch(a, path), fetch(b, path), fetch(b, path)]
            if number >= WARM_UP and [cache for _ms, cache in times] == ["MISS", "HIT", "HIT"]:
                measured.append([ms for ms, _cache in times])
    finally:
        a.stop()
        b.stop()
        a.drop_database()
        sizes = redis_sizes(shared["NEWSDESK_CACHE_KEY_PREFIX"])
    columns = zip(*measured, strict=True)
    rendered, from_redis, from_memory = (statistics.median(column) for column in columns)
    print(f"{len(measured)} pages, median ms: rendered on A {rendered:.2f}; first request "
          f"on B, from Redis {from_redis:.2f}; next on B, from memory {from_memory:.2f}")
    if sizes:
        print(f"{len(sizes)} pages in Redis: median {sizes[len(sizes) // 2]:,} bytes, "
              f"largest {sizes[-1]:,}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
