"""Rendered pages in Redis, below each machine's own layers: one render serves every machine.

With REDIS_URL set, PageStore (store.py) keeps a third layer under its memory
and its disk. A page it renders is also SET in Redis, as the bytes of its file
(bodies already compressed), one key per cache key, expiring with the page. A
process that finds a page neither in memory nor on disk asks Redis before it
renders; what it finds is checked against the same invalidation counters as its
own entries, then copied to its disk and memory. Hits in memory or on disk never
reach Redis.

Memory in Redis stays bounded: pages bigger than PAGECACHE_REDIS_MAX_BYTES stay
on their machine, every key expires with its page, and under Redis's
`maxmemory-policy volatile-lru` (docs/deploy.md) pages are evicted before the
counters, which never expire. An unreachable Redis never breaks a page: it
counts as "not there", is logged once, and is left alone for BACKOFF seconds.
"""

import hashlib
import logging
import re
import time

logger = logging.getLogger(__name__)

# Seconds a process stops asking an unreachable Redis: misses go straight to Django.
BACKOFF = 5.0
_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


class RedisPages:
    """The pages of every machine, in Redis; PageStore's layer under its disk."""

    def __init__(self, url, prefix, *, max_bytes=1024 * 1024, clock=time.monotonic):
        import redis

        self._errors = redis.RedisError
        # Shorter timeouts than the counters' (redis_versions.py): a page from Redis only saves a
        # render, so waiting long for one is never worth it.
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._prefix = f"{prefix}:pagecache:page:"
        self.max_bytes = max_bytes
        self.clock = clock
        self._resting_until = float("-inf")
        self._down = False

    def get(self, key):
        """The stored bytes of a page, or None (not there, or Redis unreachable)."""
        if self.clock() < self._resting_until:
            return None
        try:
            data = self._redis.get(self.name(key))
        except self._errors as exc:
            self._failed(exc)
            return None
        self._reached()
        return data

    def put(self, key, data, lifetime):
        """Keep a page's bytes for `lifetime` seconds; False when too big or not stored."""
        seconds = int(lifetime)
        if len(data) > self.max_bytes or seconds < 1 or self.clock() < self._resting_until:
            return False
        try:
            self._redis.set(self.name(key), data, ex=seconds)
        except self._errors as exc:
            self._failed(exc)
            return False
        self._reached()
        return True

    def count(self):
        """How many pages Redis holds under this prefix (None when unreachable)."""
        try:
            return sum(1 for _ in self._scan())
        except self._errors as exc:
            self._failed(exc)
            return None

    def clear(self):
        """Delete every page under this prefix; returns how many (None when unreachable)."""
        removed = 0
        try:
            batch = []
            for name in self._scan():
                batch.append(name)
                if len(batch) == 500:
                    removed += self._redis.unlink(*batch)
                    batch = []
            if batch:
                removed += self._redis.unlink(*batch)
        except self._errors as exc:
            self._failed(exc)
            return None
        return removed

    def name(self, key):
        """The Redis key of a cache key: hashed, so a long URL makes a short key."""
        digest = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=16)
        return self._prefix + digest.hexdigest()

    def _scan(self):
        pattern = _GLOB_SPECIAL.sub(r"\\\1", self._prefix) + "*"
        return self._redis.scan_iter(match=pattern, count=1000)

    def _failed(self, exc):
        self._resting_until = self.clock() + BACKOFF
        if not self._down:
            self._down = True
            logger.error(
                "page cache: cannot use Redis for pages (next try in %g s; meanwhile every "
                "machine renders its own): %s", BACKOFF, exc,
            )

    def _reached(self):
        if self._down:
            self._down = False
            logger.warning("page cache: Redis answers again, pages are shared through it")
