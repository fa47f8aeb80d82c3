"""The job queue: retries with backoff, periodic jobs once per slot, site-time schedules,
jobs of a dead worker queued again."""

import datetime
import os
import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsdesk.core import jobs, jobs_redelivery

CALLS = []


@jobs.job(retries=3, retry_delay=10, backoff=2)
def flaky(label):
    CALLS.append(label)
    raise RuntimeError("the far end is down")


@jobs.periodic(jobs.crontab(minute="*"))
def every_minute():
    CALLS.append("tick")


@pytest.fixture(autouse=True)
def _fresh():
    CALLS.clear()
    jobs.queue().flush()
    yield
    jobs.queue().flush()


def test_a_failing_job_is_retried_after_10_20_and_40_seconds():
    queue = jobs.queue()
    flaky("a")
    delays = []
    for _attempt in range(3):
        (task,) = queue.scheduled()
        delays.append(round((task.eta - datetime.datetime.utcnow()).total_seconds()))
        queue.storage.flush_schedule()
        task.eta = None  # its time has come
        queue.execute(task)
    assert delays == [10, 20, 40]
    assert CALLS == ["a"] * 4 and not queue.scheduled()


def test_a_periodic_job_runs_once_per_minute_however_many_schedulers_queue_it():
    run = every_minute.func
    run()
    run()
    assert CALLS == ["tick"]


def test_schedules_are_read_in_the_site_time_zone(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    monday_four = jobs.parse_crontab("0 4 * * 1", "NEWSDESK_X")
    assert monday_four(datetime.datetime(2026, 5, 3, 20, 0))  # Monday 04:00 in Shanghai
    assert not monday_four(datetime.datetime(2026, 5, 4, 4, 0))


@pytest.mark.parametrize("text", ["", "0 4 * *", "61 * * * *", "every monday"])
def test_a_schedule_that_is_not_one_stops_with_the_setting_named(text):
    with pytest.raises(ImproperlyConfigured, match="NEWSDESK_X=.* is not a schedule"):
        jobs.parse_crontab(text, "NEWSDESK_X")


def test_a_jobs_url_that_is_not_one_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not a job queue address"):
        jobs.build_queue("ftp://example.org/", "x")


def memory_queue(name):
    """A queue of its own (not immediate) that knows the test's job."""
    queue = jobs.build_queue("memory:", name)
    queue._registry.register(flaky.task_class)
    return queue


def marker(queue, pid, host=None, token="t", since=None):
    task = flaky.s("again")
    worker = {"host": host or jobs_redelivery.WORKER["host"], "pid": pid, "token": token}
    queue.put(jobs_redelivery.PREFIX + task.id, {
        "worker": worker, "task": queue.serialize_task(task), "since": since or time.time()})
    return task


def dead_pid():
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


def test_a_job_whose_worker_died_on_this_machine_is_queued_again_once():
    queue = memory_queue("redelivery-test")
    task = marker(queue, dead_pid())
    assert list(jobs_redelivery.orphans(queue)) == [task.id]
    assert jobs_redelivery.redeliver(queue) == 1
    assert [pending.id for pending in queue.pending()] == [task.id]
    assert jobs_redelivery.redeliver(queue) == 0, "the marker went with the first"


def test_a_job_of_a_live_worker_elsewhere_is_left_alone_until_its_heartbeat_stops():
    queue = memory_queue("redelivery-test-2")
    other = {"host": "elsewhere", "pid": 1, "token": "x"}
    marker(queue, 1, host="elsewhere", token="x")
    queue.put("alive:elsewhere:1", {"token": "x", "at": time.time()})
    assert jobs_redelivery.redeliver(queue) == 0
    assert jobs_redelivery.workers_alive(queue) == 1
    later = time.time() + jobs_redelivery.STALE_SECONDS + 1
    assert list(jobs_redelivery.orphans(queue, now=later)) and other


def test_a_job_that_keeps_killing_its_worker_is_given_up_after_three_tries():
    queue = memory_queue("redelivery-test-3")
    task = flaky.s("poison")
    for _round in range(4):
        queue.put(jobs_redelivery.PREFIX + task.id, {
            "worker": {"host": jobs_redelivery.WORKER["host"], "pid": dead_pid(), "token": "t"},
            "task": queue.serialize_task(task), "since": time.time()})
        jobs_redelivery.redeliver(queue)
    assert len(queue.pending()) == 3
