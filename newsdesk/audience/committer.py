"""Group commit: many counting requests, one database transaction, no lost acknowledgement.

Each request hands its increment to this process's committer and waits until
the batch that carries it is committed; only then does it answer. A single
flusher thread per process takes whatever has queued up while the previous
transaction ran and writes it in the next one, so under load one commit
carries many increments (throughput) and at rest a lone increment is written
at once (latency). Nothing is acknowledged before it is durable, so a crash
loses no acknowledged count, and there is no in-memory buffer to flush on stop.

The flusher keeps its own database connection open for the life of the
process; request threads never touch the database on this path.
"""

import atexit
import logging
import os
import threading

from django.db import connection

logger = logging.getLogger(__name__)

# How long a request waits for its batch before answering 503 (nothing acknowledged).
WAIT_SECONDS = 15
# A batch larger than this waits for the next transaction: keeps each one short.
MAX_BATCH = 500


class CommitFailed(Exception):
    """The batch could not be written; the request must not be acknowledged."""


class _Batch:
    __slots__ = ("operations", "results", "error", "done")

    def __init__(self):
        self.operations = []
        self.results = None
        self.error = None
        self.done = threading.Event()


class GroupCommitter:
    """Write operations in batches with `write(operations) -> results`, one result each.

    `threaded=False` writes each submission in the calling thread, on its own
    connection and transaction (tests that run inside a transaction, commands).
    """

    def __init__(self, write, threaded=True):
        self._write = write
        self._threaded = threaded
        self._condition = threading.Condition()
        self._queue = []
        self._thread = None
        self._pid = None
        self._stopping = False

    def submit(self, operation):
        """Return the operation's result once it is committed; raise CommitFailed otherwise."""
        if not self._threaded:
            try:
                return self._write([operation])[0]
            except Exception as exc:
                raise CommitFailed(str(exc)) from exc
        with self._condition:
            self._ensure_flusher()
            if not self._queue or len(self._queue[-1].operations) >= MAX_BATCH:
                self._queue.append(_Batch())
            batch = self._queue[-1]
            index = len(batch.operations)
            batch.operations.append(operation)
            self._condition.notify()
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

    def _run(self):
        while True:
            with self._condition:
                while not self._queue and not self._stopping:
                    self._condition.wait()
                if not self._queue:
                    return
                batch = self._queue.pop(0)
            self._flush(batch)

    def _flush(self, batch):
        try:
            batch.results = self._write(batch.operations)
        except Exception as exc:  # any database failure: report it to every waiter
            logger.exception("Could not write %d counting operations", len(batch.operations))
            batch.error = exc
            # A broken connection must not poison the next batch.
            connection.close()
        finally:
            batch.done.set()

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
                from newsdesk.audience.store import write_batch

                _committer = GroupCommitter(write_batch)
                atexit.register(_committer.stop)
    return _committer


def set_committer(committer):
    """Replace this process's committer (tests); returns the previous one."""
    global _committer
    previous, _committer = _committer, committer
    return previous
