"""Moving the Redis counter stream into the database: each entry exactly once, soon.

Every app process runs a drainer thread once it has counted in Redis; one of
them at a time (the holder of a lock in Redis that expires LOCK_SECONDS after
its holder stops renewing it) reads the oldest entries, writes them with the
batch writer (batch_sql.apply_batch) and then trims them from the stream. A
process that stops normally writes what is left before it exits.

Exactly once: the database keeps, per stream, the id of the last entry it
holds (audience_streamposition), updated in the same transaction as the counts.
A drainer that dies before its commit leaves the entries in the stream and the
next one writes them; one that dies after the commit but before the trim
leaves entries the next one finds already written, and only trims. Two
drainers at once (a lock that expired under a slow database) queue on the
position's row and still write each entry once.
"""

import atexit
import logging
import multiprocessing.util
import os
import secrets
import threading
import time

from django.db import connection

from newsdesk.audience import batch_sql
from newsdesk.audience.redis_counters import Unreachable, format_id, parse_id

logger = logging.getLogger(__name__)

LIMIT = 500  # entries per transaction: the batch writer's MAX_BATCH
IDLE_SECONDS = 0.05  # the holder looks again this soon when the stream was empty
LOCK_SECONDS = 2.0  # a dead holder's lock lapses after this; then another process drains
CONTEND_SECONDS = 0.5  # how often the other processes try to take the lock
STOP_SECONDS = 15


def drain_once(counters, limit=LIMIT):
    """Write up to `limit` of the oldest entries to the database; returns how many were read."""
    epoch, entries = counters.read(limit)
    if not entries:
        return 0
    last_id, totals = write_entries(counters.stream, epoch, entries)
    counters.written(epoch, last_id, totals)
    return len(entries)


def drain(counters, limit=LIMIT):
    """Write every entry the stream holds now (all counts acknowledged before the call)."""
    read = 0
    while True:
        batch = drain_once(counters, limit)
        read += batch
        if batch < limit:
            return read


def write_entries(stream, epoch, entries):
    """Write the entries the database does not hold yet, and the new position, in one
    transaction; returns (the last entry's id, {article: (views, likes)} after it)."""
    last_id = entries[-1][0]
    with batch_sql.batch_transaction() as cursor:
        after = _position(cursor, stream, epoch)
        new = [(entry_id, op) for entry_id, op in entries if entry_id > after and op is not None]
        if last_id <= after:
            return last_id, {}
        results = batch_sql.apply_batch(cursor, [op for _entry_id, op in new]) if new else []
        cursor.run("UPDATE audience_streamposition SET epoch = %s, last_id = %s "
                   "WHERE stream = %s", [epoch, format_id(last_id), stream])
    totals = {op.article_id: (result.views, result.likes)
              for (_entry_id, op), result in zip(new, results, strict=True)
              if result.status != batch_sql.UNKNOWN}
    return last_id, totals


def _position(cursor, stream, epoch):
    """The id of the last entry of this stream the database holds, its row locked."""
    cursor.run("INSERT INTO audience_streamposition (stream, epoch, last_id) "
               "VALUES (%s, '', '0-0') ON CONFLICT (stream) DO NOTHING", [stream])
    lock = "" if connection.vendor == "sqlite" else " FOR UPDATE"  # SQLite: BEGIN IMMEDIATE
    (known_epoch, last_id), = cursor.run(
        f"SELECT epoch, last_id FROM audience_streamposition WHERE stream = %s{lock}", [stream],
    ).fetchall()
    if known_epoch != epoch:  # a new stream (Redis was flushed): nothing of it is written yet
        return (0, 0)
    return parse_id(last_id)


class Drainer:
    """The drainer thread of one process."""

    def __init__(self, counters):
        self.counters = counters
        self._token = secrets.token_hex(16)
        self._stopping = threading.Event()
        self._pid = os.getpid()
        self._complained_at = float("-inf")
        self._thread = threading.Thread(target=self._run, name="audience-drainer", daemon=True)

    def start(self):
        self._thread.start()
        atexit.register(self.stop)
        # granian's workers leave through os._exit(): multiprocessing's finalizers still run.
        multiprocessing.util.Finalize(self, self.stop, exitpriority=100)
        return self

    def alive(self):
        return self._pid == os.getpid() and self._thread.is_alive()

    def _run(self):
        holding, renewed = False, 0.0
        while not self._stopping.is_set():
            try:
                if not holding:
                    holding = self.counters.take_lock(self._token, LOCK_SECONDS)
                    renewed = time.monotonic()
                    if not holding:
                        self._stopping.wait(CONTEND_SECONDS)
                        continue
                read = drain_once(self.counters)
                if time.monotonic() - renewed > LOCK_SECONDS / 4:
                    holding = self.counters.keep_lock(self._token, LOCK_SECONDS)
                    renewed = time.monotonic()
                if read < LIMIT:
                    self._stopping.wait(IDLE_SECONDS)
            except Exception as exc:  # Redis or the database: say so, try again in a second
                self._complain(exc)
                connection.close()
                self._stopping.wait(1.0)
        self._last_drain(holding)

    def _complain(self, exc):
        """Log a failure, with its traceback, once a minute at most (an outage lasts)."""
        if time.monotonic() - self._complained_at < 60:
            return
        self._complained_at = time.monotonic()
        if isinstance(exc, Unreachable):
            logger.warning("Counts wait in Redis: it cannot be reached (%s)", exc)
        else:
            logger.exception("Counts wait in Redis: could not write them to the database")

    def _last_drain(self, holding):
        """On the way out: write what the stream holds, lock or not (the position decides)."""
        try:
            drain(self.counters)
            if holding:
                self.counters.release_lock(self._token)
        except Exception:
            logger.exception("Could not write the counts waiting in Redis; another process will")
        finally:
            connection.close()

    def stop(self):
        if self._pid != os.getpid() or not self._thread.is_alive():
            return
        self._stopping.set()
        self._thread.join(STOP_SECONDS)


_drainer = None
_lock = threading.Lock()


def ensure_running(counters):
    """Start this process's drainer for these counters, unless it runs or they want none."""
    global _drainer
    current = _drainer
    if not counters.background or (
        current is not None and current.counters is counters and current.alive()
    ):
        return
    with _lock:
        current = _drainer
        if current is None or current.counters is not counters or not current.alive():
            _drainer = Drainer(counters).start()
