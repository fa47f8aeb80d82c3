"""Invalidation counters shared by every process on the machine, in one mapped file.

The file holds a generation (bumped on every invalidation) and a table of
version counters, one slot per tag (`site`, `listings`, `article:<pk>`). Each
cached page remembers the versions of its tags from before it was rendered; it
is fresh while they are unchanged. Reading a counter is a memory read of a
page the kernel shares between processes: no system call, no lag, so an edit
handled by one worker is seen by the next request to any other worker.
Collisions between tags that share a slot only cost an extra re-render.
"""

import fcntl
import mmap
import os
import struct
import time
import zlib

from newsdesk.core.pages import LISTINGS, SITE

# 8,192 slots: article pages get a slot of their own up to that many articles.
SLOTS = 8192
_COUNTER = struct.Struct("<Q")
_SIZE = (SLOTS + 1) * _COUNTER.size  # the generation first, then the slots


def slot_of(tag):
    """The table slot of a tag: fixed for `site` and `listings`, else by article pk or hash."""
    if tag == SITE:
        return 0
    if tag == LISTINGS:
        return 1
    kind, _, value = tag.partition(":")
    if kind == "article" and value.isdigit():
        return 2 + int(value) % (SLOTS - 2)
    # crc32, not hash(): it must agree between processes.
    return 2 + zlib.crc32(tag.encode()) % (SLOTS - 2)


def offset_of(tag):
    """Byte offset of a tag's counter in the file."""
    return (1 + slot_of(tag)) * _COUNTER.size


class Versions:
    """The mapped counter file; safe to share between threads and processes."""

    def __init__(self, path):
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        if os.fstat(self._fd).st_size < _SIZE:
            os.ftruncate(self._fd, _SIZE)  # new bytes are zeros; counters start at 0
        self._map = mmap.mmap(self._fd, _SIZE)

    def generation(self):
        """A number that changes whenever any tag is invalidated."""
        return _COUNTER.unpack_from(self._map, 0)[0]

    def fresh_as_of(self):
        """The counters are shared memory: always current."""
        return time.time()

    def sync(self, *, wait):
        """Nothing to fetch: every read sees the shared memory as it is now."""

    def read(self, offset):
        return _COUNTER.unpack_from(self._map, offset)[0]

    def snapshot(self):
        """Every counter at this moment, to pin the versions a render started from."""
        return bytes(self._map)

    @staticmethod
    def read_snapshot(snapshot, offset):
        return _COUNTER.unpack_from(snapshot, offset)[0]

    def bump(self, tags):
        """Invalidate tags: every page that depends on one of them becomes stale."""
        offsets = {offset_of(tag) for tag in tags}
        # The lock makes read-increment-write safe between processes; readers need none.
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        try:
            for offset in sorted(offsets):
                _COUNTER.pack_into(self._map, offset, self.read(offset) + 1)
            _COUNTER.pack_into(self._map, 0, self.generation() + 1)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
