"""Jobs running when their worker dies are queued again.

Huey takes a job off the queue before running it, so a worker killed mid-job
(SIGKILL, out of memory, a power cut) would lose it. Each worker therefore
writes a marker into the queue's storage when a job starts (`running:<id>`,
with the job itself and who runs it) and removes it when the job ends, however
it ends (done, failed and retried by Huey, cancelled). Each worker also writes a
heartbeat every HEARTBEAT_SECONDS. A marker whose worker is gone is an orphan:
the job is queued again, at most MAX_REDELIVERIES times (a job that kills its
worker every time must not kill every worker forever).

A worker is gone when it ran on this machine and its process no longer exists
(found at once by a starting worker), or when its heartbeat is older than
STALE_SECONDS (another machine; found by the periodic check every minute).
"""

import logging
import os
import secrets
import socket
import threading
import time

from huey import signals

logger = logging.getLogger("newsdesk.jobs")

HEARTBEAT_SECONDS = 15
STALE_SECONDS = 90
MAX_REDELIVERIES = 3
PREFIX = "running:"

# One token per worker process: a pid reused by another process is not the same worker.
WORKER = {"host": socket.gethostname(), "pid": os.getpid(), "token": secrets.token_hex(8)}


def connect(queue):
    """Keep markers for every job this process runs."""

    @queue.signal(signals.SIGNAL_EXECUTING)
    def _started(signal, task, *args, **kwargs):
        if queue.immediate:
            return
        queue.put(PREFIX + task.id, {
            "worker": _this_worker(), "task": queue.serialize_task(task), "since": time.time(),
        })

    @queue.post_execute()
    def _finished(task, value, exception):
        if not queue.immediate:
            queue.delete(PREFIX + task.id)
            queue.delete(f"redelivered:{task.id}")


def _this_worker():
    WORKER["pid"] = os.getpid()  # after a fork
    return dict(WORKER)


def _heartbeat_key(worker):
    return f"alive:{worker['host']}:{worker['pid']}"


def beat(queue):
    queue.put(_heartbeat_key(_this_worker()), {"token": WORKER["token"], "at": time.time()})


def start_heartbeat(queue, stop):
    """Beat now and every HEARTBEAT_SECONDS until `stop` is set; look for orphans each minute."""
    beat(queue)

    def loop():
        beats = 0
        while not stop.wait(HEARTBEAT_SECONDS):
            beats += 1
            try:
                beat(queue)
                if beats % 4 == 0:
                    redeliver(queue)
            except Exception:  # the storage is down: the next beat tries again
                logger.warning("Could not write the worker heartbeat", exc_info=True)

    thread = threading.Thread(target=loop, name="jobs-heartbeat", daemon=True)
    thread.start()
    return thread


def _gone(queue, worker, now):
    if worker == _this_worker():
        return False
    heartbeat = queue.get(_heartbeat_key(worker), peek=True)
    if worker["host"] == WORKER["host"]:
        try:
            os.kill(worker["pid"], 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass  # someone else's process now holds that pid
        if not heartbeat or heartbeat.get("token") != worker["token"]:
            return True
    return not heartbeat or now - heartbeat.get("at", 0) > STALE_SECONDS


def orphans(queue, now=None):
    """The markers of jobs whose worker is gone: {task id: marker}."""
    now = now or time.time()
    found = {}
    for key in list(queue.storage.result_items()):
        key = key.decode() if isinstance(key, bytes) else key
        if not key.startswith(PREFIX):
            continue
        marker = queue.get(key, peek=True)
        if marker and _gone(queue, marker["worker"], now):
            found[key[len(PREFIX):]] = marker
    return found


def redeliver(queue, now=None):
    """Queue again every orphaned job; return how many were queued."""
    queued = 0
    for task_id, marker in orphans(queue, now).items():
        # pop, not peek: two workers starting together must not both requeue it.
        if queue.get(PREFIX + task_id) is None:
            continue
        count = (queue.get(f"redelivered:{task_id}", peek=True) or 0) + 1
        if count > MAX_REDELIVERIES:
            logger.error("Job %s was running when its worker died %d times: given up",
                         task_id, count - 1)
            queue.delete(f"redelivered:{task_id}")
            continue
        queue.put(f"redelivered:{task_id}", count)
        task = queue.deserialize_task(marker["task"])
        logger.warning("Job %s (%s) was running when its worker died: queued again",
                       task_id, type(task).__name__)
        queue.enqueue(task)
        queued += 1
    return queued


def workers_alive(queue, now=None):
    """How many workers wrote a heartbeat within STALE_SECONDS."""
    now = now or time.time()
    alive = 0
    for key in list(queue.storage.result_items()):
        key = key.decode() if isinstance(key, bytes) else key
        if key.startswith("alive:"):
            beat = queue.get(key, peek=True)
            alive += bool(beat and now - beat.get("at", 0) <= STALE_SECONDS)
    return alive
