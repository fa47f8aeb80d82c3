"""Where cached pages live: files shared by the workers, with a memory layer per process.

A page is one file under `<dir>/entries/`, written to a temporary name and
renamed into place, so a reader sees the whole old page or the whole new one.
Each process keeps recently used entries in memory; both layers are checked
against the shared counters (versions.py, or shared.py with Redis) on every
read, so no process serves a page that another process has invalidated.
"""

import hashlib
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from newsdesk.pagecache.entries import Entry
from newsdesk.pagecache.versions import SITE, Versions, offset_of

logger = logging.getLogger(__name__)


class PageStore:
    def __init__(self, directory, *, memory_bytes=32 * 1024 * 1024, cache_control="",
                 clock=time.time, versions=None):
        self.directory = Path(directory)
        self.entries_dir = self.directory / "entries"
        self.entries_dir.mkdir(parents=True, exist_ok=True)
        # The mapped file on one machine; RedisVersions (shared.py) across machines.
        self.versions = versions or Versions(self.directory / "versions")
        self.memory_bytes = memory_bytes
        self.cache_control = cache_control
        self.clock = clock
        self._memory = {}  # key -> Entry, oldest first (dicts keep insertion order)
        self._memory_size = 0
        self._lock = threading.Lock()

    # Reading

    def get(self, key):
        """The fresh entry for a key, or None."""
        entry = self._memory.get(key)
        if entry is None:
            entry = self._read_file(key)
            if entry is None:
                return None
            if self.is_fresh(entry):
                self._remember(entry)
                return entry
            return None
        if self.is_fresh(entry):
            return entry
        self._forget(key)
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
        """Store an entry for every process; a failing disk only costs the shared copy."""
        self._remember(entry)
        path = self._path(entry.key)
        try:
            path.parent.mkdir(exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(entry.to_bytes())
            os.replace(temporary, path)
        except OSError as exc:
            logger.warning("page cache: cannot write %s: %s", path, exc)

    def invalidate(self, tags):
        """Make every page that depends on one of these tags stale, in every process."""
        self.versions.bump(tags)

    def clear(self):
        """Drop every stored page; returns how many files were removed."""
        count = sum(1 for _ in self.entries_dir.glob("*/*"))
        self.invalidate([SITE])
        shutil.rmtree(self.entries_dir, ignore_errors=True)
        self.entries_dir.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._memory.clear()
            self._memory_size = 0
        return count

    # Internals

    def _path(self, key):
        digest = hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=16)
        name = digest.hexdigest()
        return self.entries_dir / name[:2] / name

    def _read_file(self, key):
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        try:
            entry = Entry.from_bytes(data, self.cache_control)
        except (ValueError, KeyError, TypeError):
            entry = None
        if entry is None or entry.key != key:
            return None
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
