"""The job queue every app uses: Huey, with SQLite storage on one machine and Redis at scale.

Why Huey: it is a maintained, established queue (since 2011, one careful
maintainer, releases through 2026) with everything newsdesk needs built in:
SQLite, Redis and PostgreSQL storage, periodic jobs with a crontab, retries
with exponential backoff, locks, a consumer with thread workers and graceful
shutdown. django-tasks (the backport of Django 6's tasks) with its database
backend was the alternative; it has no periodic jobs and no retries yet, which
newsdesk would have had to write itself.

How an app defines a job, in its own ``jobs.py`` (or ``tasks.py``), which
``newsdesk worker`` imports at start:

    from newsdesk.core import jobs

    @jobs.job(retries=5)                 # retried after 10 s, 20 s, 40 s, ... on an exception
    def deliver_webhook(hook_id): ...

    deliver_webhook(42)                  # queued now
    jobs.on_commit(deliver_webhook, 42)  # queued when the current transaction commits

    @jobs.periodic(jobs.crontab(minute="*/5"))
    def refresh_search(): ...

Jobs take plain arguments (ids, strings), never model instances, and must be
idempotent: a job running when its worker is killed is queued again when a
worker next starts (jobs_redelivery.py), so it may run twice. The database
connection is closed around each run, as Django's request cycle does.

The queue is made once per process from settings (JOBS_URL, JOBS_IMMEDIATE):
Huey registers every decorated function with the instance at import time, so
it cannot be swapped later by override_settings; tests switch `queue().immediate`
instead (conftest.py runs every job synchronously in the test process).
"""

import datetime
import functools
import logging
import threading
import time
import zoneinfo
from urllib.parse import urlsplit

import huey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, transaction

logger = logging.getLogger("newsdesk.jobs")
RetryJob = huey.exceptions.RetryTask  # raise RetryJob(delay=seconds) to try again later

_queue = None
_lock = threading.Lock()
_stop = threading.Event()


def crontab(minute="*", hour="*", day="*", month="*", day_of_week="*"):
    """Huey's crontab, read in the site's time zone (NEWSDESK_TIME_ZONE): "0 4 * * 1" is
    Monday 04:00 where the newsroom is. Day of week: 0 or 7 is Sunday."""
    matches = huey.crontab(minute, hour, day, month, day_of_week, strict=True)

    def in_site_time(utc_naive):
        local = utc_naive.replace(tzinfo=datetime.UTC).astimezone(
            zoneinfo.ZoneInfo(settings.TIME_ZONE))
        return matches(local.replace(tzinfo=None))

    return in_site_time


def parse_crontab(text, setting):
    """A crontab from five fields ("0 4 * * 1"); ImproperlyConfigured naming `setting`."""
    fields = text.split()
    try:
        if len(fields) != 5:
            raise ValueError
        return crontab(*fields)
    except ValueError:
        raise ImproperlyConfigured(
            f"{setting}={text!r} is not a schedule: use five crontab fields, minute hour "
            "day month weekday, e.g. '0 4 * * 1' for Mondays at 04:00."
        ) from None


def build_queue(url, name, immediate=False):
    """A Huey instance for a jobs URL: sqlite:///file, redis://host:port/db or memory:."""
    parts = urlsplit(url)
    common = {"results": False, "immediate": immediate, "utc": True}
    if parts.scheme == "sqlite":
        return huey.SqliteHuey(name, filename=parts.path or "jobs.sqlite3", timeout=20, **common)
    if parts.scheme in ("redis", "rediss", "unix"):
        return huey.PriorityRedisHuey(name, url=url, **common)
    if parts.scheme == "memory":
        return huey.MemoryHuey(name, **common)
    raise ImproperlyConfigured(
        f"NEWSDESK_JOBS_URL={url!r} is not a job queue address: use sqlite:///path/jobs.sqlite3, "
        "redis://host:6379/0 or memory:."
    )


def queue():
    """The process's Huey instance, made on first use from the settings."""
    global _queue
    if _queue is None:
        with _lock:
            if _queue is None:
                _queue = build_queue(settings.JOBS_URL, settings.JOBS_NAME,
                                     immediate=settings.JOBS_IMMEDIATE)
                from newsdesk.core import jobs_redelivery

                jobs_redelivery.connect(_queue)
    return _queue


def _with_fresh_connections(function):
    # huey.contrib.djhuey's close_db does the same, but importing djhuey builds a second
    # Huey instance from settings.HUEY at import time (Redis by default).
    @functools.wraps(function)
    def run(*args, **kwargs):
        immediate = queue().immediate
        if not immediate:
            close_old_connections()
        try:
            return function(*args, **kwargs)
        finally:
            if not immediate:
                close_old_connections()

    return run


def job(retries=5, retry_delay=10, backoff=2, priority=None, timeout=None, name=None):
    """Make a function a job: calling it queues it; exceptions retry it with backoff.

    The n-th retry waits retry_delay * backoff**(n-1) seconds. `priority`: higher runs
    first (Redis storage; SQLite too). `timeout`: seconds after which it is stopped.
    """
    def decorator(function):
        wrapper = queue().task(
            retries=retries, retry_delay=retry_delay, retry_backoff=backoff,
            priority=priority, timeout=timeout, name=name,
        )(_with_fresh_connections(function))
        wrapper.call_local = function
        return wrapper

    return decorator


def periodic(schedule, retries=2, retry_delay=60, backoff=2, name=None):
    """Make a function a periodic job, run by the worker on `schedule` (a jobs.crontab).

    Several workers may all run the scheduler (several machines): each run notes the
    minute it runs for, under a lock held only for that check, so a slot runs once.
    (A lock held for the whole run would stay behind a killed worker; the worker
    flushes these locks when it starts, and the note still keeps a slot to one run.)
    """
    def decorator(function):
        job_name = name or f"{function.__module__}.{function.__qualname__}"
        lock = queue().lock_task(f"periodic:{job_name}")  # registered: flushed at start

        @functools.wraps(function)
        def once_per_slot():
            slot = time.strftime("%Y-%m-%dT%H:%M", time.gmtime())
            store = queue()
            with lock:
                if store.get(f"periodic-slot:{job_name}", peek=True) == slot:
                    logger.info("Periodic job %s already ran for %s", job_name, slot)
                    return None
                store.put(f"periodic-slot:{job_name}", slot)
            return function()

        wrapper = queue().periodic_task(
            schedule, retries=retries, retry_delay=retry_delay, retry_backoff=backoff, name=name,
        )(_with_fresh_connections(once_per_slot))
        wrapper.call_local = function
        return wrapper

    return decorator


def on_commit(job_function, *args, **kwargs):
    """Queue a job when the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: job_function(*args, **kwargs))


def schedule(job_function, *args, delay=None, eta=None, **kwargs):
    """Queue a job to run after `delay` seconds or at `eta` (an aware datetime)."""
    return job_function.schedule(args=args, kwargs=kwargs, delay=delay, eta=eta)


def stopping():
    """True once the worker was asked to stop: long jobs end their loop and requeue."""
    return _stop.is_set()


def discover():
    """Import every installed app's jobs.py and tasks.py, so the worker knows their jobs."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("jobs", "tasks")
    return sorted(queue()._registry._registry)
