"""Where cached pages live: files shared by the workers, with a memory layer per process.

A page is one file under `<dir>/entries/`, written to a temporary name and
renamed into place, so a reader sees the whole old page or the whole new one.
Each process keeps recently used entries in memory; with Redis, a copy of each
page in Redis lets one machine's render serve every machine (redis_pages.py).
Every layer is checked against the shared counters (versions.py, or redis_versions.py
with Redis) on every read, so no process serves a page that another process
has invalidated.
"""

import hashlib
import logging
import shutil
import struct
import threading
import time
from pathlib import Path

from newsdesk.core.files import write_atomically
from newsdesk.pagecache.entries import Entry
from newsdesk.pagecache.files import PageFiles
from newsdesk.pagecache.versions import SITE, Versions, offset_of

logger = logging.getLogger(__name__)


class PageStore:
    def __init__(self, directory, *, memory_bytes=32 * 1024 * 1024, cache_control="",
                 clock=time.time, versions=None, shared=None, files_dir=None,
                 files_headers=None):
        self.directory = Path(directory)
        self.entries_dir = self.directory / "entries"
        self.entries_dir.mkdir(parents=True, exist_ok=True)
        # The mapped file on one machine; RedisVersions (redis_versions.py) across machines.
        self.versions = versions or Versions(self.directory / "versions")
        # RedisPages (redis_pages.py) with Redis: pages rendered on any machine.
        self.shared = shared
        self.memory_bytes = memory_bytes
        self.cache_control = cache_control
        self.clock = clock
        self._memory = {}  # key -> Entry, oldest first (dicts keep insertion order)
        self._memory_size = 0
        self._lock = threading.Lock()
        # Pages as files for nginx to send itself (files.py), when configured.
        self.files = PageFiles(files_dir, files_headers, self) if files_dir else None

    # Reading

    def get(self, key):
        """The fresh entry for a key: from memory, else this machine's disk, else Redis."""
        entry = self._memory.get(key)
        if entry is not None and self.is_fresh(entry):
            return entry  # the hot path: nothing else to look at
        entry = self.get_local(key)
        if entry is None and self.shared is not None:
            entry = self._fetch_shared(key)
        return entry

    def get_local(self, key):
        """The fresh entry for a key from memory or this machine's disk; never asks Redis."""
        entry = self._memory.get(key)
        if entry is not None:
            if self.is_fresh(entry):
                return entry
            self._forget(key)
        entry = self._parse(self._read_file(key), key)
        if entry is not None and self.is_fresh(entry):
            self._remember(entry)
            return entry
        return None

    def is_fresh(self, entry):
        if self.clock() >= entry.expires:
            return False
        # The generation is read before the counters: an invalidation that lands
        # in between makes the next read check again.
        generation = self.versions.generation()
        if entry.checked == generation:
            return True
        read = self.versions.read
        for offset, version in entry.versions:
            if read(offset) != version:
                return False
        entry.checked = generation
        return True

    # Writing

    def snapshot(self):
        """Pin the counters before rendering: a page invalidated meanwhile is stored stale."""
        return self.versions.snapshot()

    def pin(self, snapshot, tags):
        """The ((offset, version), ...) of a page's tags, from a snapshot taken before render."""
        offsets = sorted({offset_of(tag) for tag in {SITE, *tags}})
        return tuple((offset, self.versions.read_snapshot(snapshot, offset)) for offset in offsets)

    def put(self, entry):
        """Store an entry for every process; a failing disk or Redis only costs that copy.

        Redis gets only a page still current here: one rendered while its article
        changed would be refused by every machine anyway.
        """
        self._remember(entry)
        data = entry.to_bytes()
        self._write_file(entry.key, data)
        if self.shared is not None and self.is_fresh(entry):
            self.shared.put(entry.key, data, entry.expires - self.clock())

    def invalidate(self, tags):
        """Make every page that depends on one of these tags stale, in every process."""
        self.versions.bump(tags)
        if self.files is not None:
            self.files.clear()

    def count(self):
        """(pages on this machine's disk, pages in Redis or None when unreachable or unused)."""
        shared = self.shared.count() if self.shared is not None else None
        return sum(1 for _ in self.entries_dir.glob("*/*")), shared

    def clear(self):
        """Drop every stored page; returns (files removed, Redis keys removed or None).

        Pages other machines keep on their disks are stale from here on (`site` is
        invalidated) and replaced when next rendered.
        """
        count = sum(1 for _ in self.entries_dir.glob("*/*"))
        self.invalidate([SITE])  # and the files nginx sends
        shutil.rmtree(self.entries_dir, ignore_errors=True)
        self.entries_dir.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._memory.clear()
            self._memory_size = 0
        return count, self.shared.clear() if self.shared is not None else None

    # Internals

    def _path(self, key):
        digest = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=16)
        name = digest.hexdigest()
        return self.entries_dir / name[:2] / name

    def _read_file(self, key):
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def _write_file(self, key, data):
        path = self._path(key)
        try:
            path.parent.mkdir(exist_ok=True)
            write_atomically(path, data)
        except OSError as exc:
            logger.warning("page cache: cannot write %s: %s", path, exc)

    def _parse(self, data, key):
        """The entry stored in `data` for `key`; None for no, damaged or foreign bytes."""
        if data is None:
            return None
        try:
            entry = Entry.from_bytes(data, self.cache_control)
        except (ValueError, KeyError, TypeError, struct.error):
            return None
        if entry is None or entry.key != key:
            return None
        return entry

    def _fetch_shared(self, key):
        """A page another machine rendered, if Redis has it and it is still current."""
        data = self.shared.get(key)
        entry = self._parse(data, key)
        if entry is None:
            return None
        # Counters fetched after the page, not a copy up to PAGECACHE_SYNC_INTERVAL old:
        # whatever was invalidated before this moment is not served from Redis.
        self.versions.sync(wait=True)
        if not self.is_fresh(entry):
            return None
        self._remember(entry)
        self._write_file(key, data)
        return entry

    def _remember(self, entry):
        if entry.size > self.memory_bytes:
            return
        with self._lock:
            previous = self._memory.pop(entry.key, None)
            if previous is not None:
                self._memory_size -= previous.size
            self._memory[entry.key] = entry
            self._memory_size += entry.size
            # Oldest first out; an evicted page is read back from its file when asked for.
            while self._memory_size > self.memory_bytes:
                oldest = next(iter(self._memory))
                self._memory_size -= self._memory.pop(oldest).size

    def _forget(self, key):
        with self._lock:
            entry = self._memory.pop(key, None)
            if entry is not None:
                self._memory_size -= entry.size
