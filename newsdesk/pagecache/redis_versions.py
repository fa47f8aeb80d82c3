"""Invalidation counters in Redis, for app processes on several machines.

With REDIS_URL set, the counters of versions.py live in Redis instead of a
mapped file: a hash of per-slot counts, a generation bumped by every
invalidation, and an epoch (a random base chosen when the keys are first made,
so a flushed Redis can never make an old page look current again).

The hit path stays free of network round trips: each process keeps a copy of
the table and asks Redis for the generation at most once every
PAGECACHE_SYNC_INTERVAL seconds (0.1 by default), fetching the table only when
it changed. So an invalidation made anywhere is seen by every process within
that interval plus one round trip; the process that made it sees it at once,
and a render always pins counters fetched just before it starts. When Redis
cannot be reached, every page counts as stale and goes to Django.
"""

import logging
import secrets
import threading
import time

from newsdesk.pagecache.versions import _COUNTER, SLOTS, slot_of

logger = logging.getLogger(__name__)

# What read() answers and what a snapshot holds while Redis cannot be reached:
# different values, so a page rendered then is never found current.
_UNKNOWN = -1
_UNKNOWN_PINNED = -2


def _index(offset):
    return offset // _COUNTER.size


class RedisVersions:
    """The counter table of versions.Versions, kept in Redis; same methods."""

    def __init__(self, url, prefix, *, interval=0.1, clock=time.monotonic):
        import redis

        self._errors = redis.RedisError
        self._redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._generation_key = f"{prefix}:pagecache:generation"
        self._counts_key = f"{prefix}:pagecache:counts"
        self._epoch_key = f"{prefix}:pagecache:epoch"
        self.interval = interval
        self.clock = clock
        self._values = [_UNKNOWN] * (SLOTS + 1)  # index 0: the generation
        self._generation = None
        self._seen = None  # (raw generation, epoch) of the copy we hold
        self._synced_at = float("-inf")
        self._synced_wall = 0.0
        self._second = 0
        self._lock = threading.Lock()
        self._warned_at = float("-inf")

    def generation(self):
        """A number that changes whenever any tag is invalidated (None: Redis unreachable).

        Refreshed every `interval`, and at the first look in each new wall-clock second,
        so a page sent to nginx in second S was checked against Redis during S.
        """
        if self.clock() - self._synced_at >= self.interval or int(time.time()) != self._second:
            self.sync(wait=False)
        return self._generation

    def fresh_as_of(self):
        """Unix time of the copy of the counters this process holds (its last sync)."""
        return self._synced_wall

    def read(self, offset):
        return self._values[_index(offset)]

    def snapshot(self):
        """The counters as they are in Redis now (a render must not start from an old copy)."""
        self.sync(wait=True)
        values = self._values
        if self._generation is None:
            return [_UNKNOWN_PINNED] * len(values)
        return values

    @staticmethod
    def read_snapshot(snapshot, offset):
        return snapshot[_index(offset)]

    def bump(self, tags):
        """Invalidate tags for every process on every machine; seen here at once."""
        slots = sorted({slot_of(tag) for tag in tags})
        try:
            self._ensure_epoch()
            with self._redis.pipeline(transaction=True) as pipe:
                for slot in slots:
                    pipe.hincrby(self._counts_key, slot, 1)
                pipe.incr(self._generation_key)
                pipe.execute()
        except self._errors as exc:
            # Nothing else to do: the pages stay until PAGECACHE_TIMEOUT. Say so loudly.
            logger.error("page cache: cannot invalidate %s in Redis: %s", sorted(tags), exc)
        self.sync(wait=True)

    def sync(self, *, wait):
        """Refresh this process's copy when Redis's generation moved on."""
        if not self._lock.acquire(blocking=wait):
            return  # another thread is refreshing; keep answering from the current copy
        try:
            wall = time.time()
            raw_generation, raw_epoch = self._redis.mget(self._generation_key, self._epoch_key)
            epoch = int(raw_epoch) if raw_epoch is not None else self._ensure_epoch()
            seen = (raw_generation, epoch)
            if seen != self._seen or self._generation is None:
                self._load(epoch)
            self._synced_at = self.clock()
            self._synced_wall, self._second = wall, int(wall)
        except self._errors as exc:
            self._forget(exc)
        finally:
            self._lock.release()

    def _load(self, epoch):
        with self._redis.pipeline(transaction=True) as pipe:
            pipe.get(self._generation_key)
            pipe.hgetall(self._counts_key)
            raw_generation, counts = pipe.execute()
        values = [epoch] * (SLOTS + 1)
        for slot, count in counts.items():
            values[1 + int(slot)] = epoch + int(count)
        values[0] = epoch + int(raw_generation or 0)
        self._values = values  # one reference swap: readers see the old or the new table
        self._generation = values[0]
        self._seen = (raw_generation, epoch)

    def _ensure_epoch(self):
        self._redis.set(self._epoch_key, secrets.randbelow(2**40) + 1, nx=True)
        return int(self._redis.get(self._epoch_key))

    def _forget(self, exc):
        self._values = [_UNKNOWN] * (SLOTS + 1)
        self._generation = None
        self._seen = None
        self._synced_at = self.clock()  # retry after one interval, not on every request
        self._second = int(time.time())
        if self._synced_at - self._warned_at > 60:
            self._warned_at = self._synced_at
            logger.error("page cache: Redis unreachable, serving every page from Django: %s", exc)
