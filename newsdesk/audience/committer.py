"""Group commit: many counting requests, one database transaction.

Each request hands its operation to this process's committer. A single
flusher thread per process takes whatever has queued up while the previous
transaction ran and writes it in the next one, so under load one commit
carries many increments and at rest a lone one is written at once.

A request either waits until the batch that carries it is committed (then
nothing it was told is ever lost), or, with a buffer (AUDIENCE_BUFFER_SECONDS),
is answered at once while its operation waits at most that long for the next
batch; the queue is written when the process ends normally. docs/audience.md
states the guarantee of each.

The flusher keeps its own database connection open for the life of the
process; request threads never touch the database on this path.
"""

import atexit
import logging
import multiprocessing.util
import os
import threading
import time

from django.db import connection

logger = logging.getLogger(__name__)

# How long a request waits for its batch before answering 503 (nothing acknowledged).
WAIT_SECONDS = 15
# A batch larger than this waits for the next transaction: keeps each one short.
MAX_BATCH = 500
# A buffered batch the database refused is tried this many times, then dropped (logged).
MAX_ATTEMPTS = 5


class CommitFailed(Exception):
    """The batch could not be written; the request must not be acknowledged."""


class _Batch:
    __slots__ = ("operations", "waiting", "results", "error", "done", "attempts")

    def __init__(self, attempts=0):
        self.operations = []
        self.waiting = []  # per operation: does a request wait for it?
        self.results = None
        self.error = None
        self.done = threading.Event()
        self.attempts = attempts


class GroupCommitter:
    """Write operations in batches with `write(operations) -> results`, one result each.

    `threaded=False` writes each submission in the calling thread, on its own
    connection and transaction (tests that run inside a transaction, commands).

    `buffer_seconds` > 0 also accepts operations that nobody waits for
    (`submit(..., wait=False)`): they are written together at most that long
    after the first of them arrived, or at once with the next operation someone
    waits for. `on_written(operations, results)` is called after each commit.
    """

    def __init__(self, write, threaded=True, buffer_seconds=0.0, on_written=None):
        self._write = write
        self._threaded = threaded
        self.buffer_seconds = buffer_seconds if threaded else 0.0
        self._on_written = on_written
        self._condition = threading.Condition()
        self._queue = []
        self._urgent = False  # a request waits for something in the queue
        self._oldest = None  # when the oldest queued operation arrived (monotonic)
        self._thread = None
        self._pid = None
        self._stopping = False

    def submit(self, operation, wait=True):
        """Return the operation's result once it is committed; raise CommitFailed otherwise.

        With wait=False (buffered committers only) return None at once.
        """
        if not self._threaded:
            try:
                results = self._write([operation])
            except Exception as exc:
                raise CommitFailed(str(exc)) from exc
            self._written([operation], results)
            return results[0]
        wait = wait or not self.buffer_seconds
        with self._condition:
            self._ensure_flusher()
            if not self._queue or len(self._queue[-1].operations) >= MAX_BATCH:
                self._queue.append(_Batch())
            batch = self._queue[-1]
            index = len(batch.operations)
            batch.operations.append(operation)
            batch.waiting.append(wait)
            if self._oldest is None:
                self._oldest = time.monotonic()
            # Wake the flusher only when it has something new to decide: a waiting
            # request, or the first buffered operation (it then sleeps until its time).
            if wait or index == 0:
                self._urgent = self._urgent or wait
                self._condition.notify()
        if not wait:
            return None
        if not batch.done.wait(WAIT_SECONDS):
            raise CommitFailed("the database did not answer in time")
        if batch.error is not None:
            raise CommitFailed(str(batch.error))
        return batch.results[index]

    def _ensure_flusher(self):
        # A forked child inherits the object but not the thread: start its own.
        if self._thread is not None and self._pid == os.getpid() and self._thread.is_alive():
            return
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._run, name="audience-flusher", daemon=True)
        self._thread.start()

    def _next_batch(self):
        """Under the condition: wait for the next batch that is due; None when stopping."""
        while True:
            if not self._queue:
                if self._stopping:
                    return None
                self._condition.wait()
                continue
            if self._urgent or self._stopping or len(self._queue) > 1:
                break
            remaining = self._oldest + self.buffer_seconds - time.monotonic()
            if remaining <= 0:
                break
            self._condition.wait(remaining)
        batch = self._queue.pop(0)
        if self._queue:
            self._oldest = time.monotonic()
        else:
            self._urgent, self._oldest = False, None
        return batch

    def _run(self):
        while True:
            with self._condition:
                batch = self._next_batch()
            if batch is None:
                return
            self._flush(batch)

    def _flush(self, batch):
        try:
            batch.results = self._write(batch.operations)
        except Exception as exc:  # any database failure: report it to every waiter
            logger.exception("Could not write %d counting operations", len(batch.operations))
            batch.error = exc
            # A broken connection must not poison the next batch.
            connection.close()
            self._retry_buffered(batch)
        else:
            self._written(batch.operations, batch.results)
        finally:
            batch.done.set()

    def _written(self, operations, results):
        if self._on_written is None:
            return
        try:
            self._on_written(operations, results)
        except Exception:
            logger.exception("on_written failed")

    def _retry_buffered(self, batch):
        """Queue a failed batch's buffered operations again; nobody else will."""
        buffered = [op for op, wait in zip(batch.operations, batch.waiting, strict=True)
                    if not wait]
        if not buffered:
            return
        if batch.attempts + 1 >= MAX_ATTEMPTS:
            logger.error("Dropped %d buffered counts after %d failed writes",
                         len(buffered), MAX_ATTEMPTS)
            return
        retry = _Batch(attempts=batch.attempts + 1)
        retry.operations, retry.waiting = buffered, [False] * len(buffered)
        with self._condition:
            self._queue.insert(0, retry)
            self._oldest = time.monotonic()

    def stop(self):
        """Write what is queued, then end the flusher (at interpreter exit)."""
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
            thread = self._thread
        if thread is not None and thread.is_alive() and self._pid == os.getpid():
            thread.join(WAIT_SECONDS)


_committer = None
_lock = threading.Lock()


def get_committer():
    global _committer
    if _committer is None:
        with _lock:
            if _committer is None:
                from newsdesk.audience import conf
                from newsdesk.audience.batch_sql import write_batch
                from newsdesk.audience.services import provisional

                _committer = GroupCommitter(
                    write_batch, buffer_seconds=conf.get("BUFFER_SECONDS"),
                    on_written=provisional.written,
                )
                _write_queue_on_exit(_committer)
    return _committer


def _write_queue_on_exit(committer):
    """Write what is queued when the process ends normally.

    Worker processes started by multiprocessing (granian's) leave through
    os._exit(), which skips atexit but runs multiprocessing's finalizers, so
    both are registered; stop() is harmless when called twice.
    """
    atexit.register(committer.stop)
    multiprocessing.util.Finalize(committer, committer.stop, exitpriority=100)


def set_committer(committer):
    """Replace this process's committer (tests); returns the previous one."""
    global _committer
    previous, _committer = _committer, committer
    return previous
