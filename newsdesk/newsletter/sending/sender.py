"""The send loop of one worker for one issue (the protocol: sending/__init__.py)."""

import datetime
import logging
import os
import smtplib
import socket
import time

from django.db import connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from newsdesk.core import jobs
from newsdesk.newsletter import conf, services
from newsdesk.newsletter.models import Delivery, Issue, SendRun, Subscriber
from newsdesk.newsletter.sending import messages, smtp

logger = logging.getLogger(__name__)
BATCH = 200
HEARTBEAT_SECONDS = 5
CONNECTION_ERRORS = (smtplib.SMTPException, OSError)
Status = Delivery.Status


class ClaimLost(Exception):
    """Another worker took this run's rows over (it looked dead): stop without the dot."""


class ServerTrouble(Exception):
    """The mail server cannot be reached or refuses every message: try the issue later."""


def _alive(run):
    if run.host == socket.gethostname():
        try:
            os.kill(run.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
    stale = timezone.now() - datetime.timedelta(seconds=conf.get("RUN_STALE_SECONDS"))
    return run.heartbeat_at >= stale


def recover(issue):
    """Hand the rows of dead runs back: claimed → pending, in_flight → sent (unconfirmed)."""
    recovered = 0
    for run in SendRun.objects.filter(issue=issue, ended_at__isnull=True):
        if run.host == socket.gethostname() and run.pid == os.getpid():
            continue  # a run of this process (another thread) is alive by definition
        if _alive(run):
            continue
        with transaction.atomic():
            if not SendRun.objects.filter(pk=run.pk, ended_at__isnull=True).update(
                    ended_at=timezone.now()):
                continue
            Delivery.objects.filter(run=run, status=Status.IN_FLIGHT).update(
                status=Status.SENT, sent_at=timezone.now(),
                reply="unconfirmed: handed to the mail server when its worker stopped")
            recovered += Delivery.objects.filter(run=run, status=Status.CLAIMED).update(
                status=Status.PENDING, run=None)
        logger.warning("Issue %s: took over a stopped send (%d messages to go again)",
                       issue.pk, recovered)
    return recovered


def claim(issue, run, size=BATCH):
    """Take up to `size` pending rows for this run (SKIP LOCKED on PostgreSQL; SQLite's
    IMMEDIATE transactions already let one writer in at a time)."""
    now = timezone.now()
    with transaction.atomic():
        pending = (Delivery.objects.filter(issue=issue, status=Status.PENDING)
                   .filter(Q(not_before__isnull=True) | Q(not_before__lte=now)).order_by("pk"))
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        ids = list(pending.values_list("pk", flat=True)[:size])
        Delivery.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.CLAIMED, run=run)
    return list(Delivery.objects.filter(run=run, status=Status.CLAIMED)
                .select_related("subscriber", "newsletter_list").order_by("pk"))


class Pacer:
    """At most SEND_RATE messages a minute; sleeps in short steps so a stop is noticed."""

    def __init__(self, per_minute):
        self.interval = 60 / per_minute if per_minute else 0
        self.next = time.monotonic()

    def wait(self, beat):
        if not self.interval:
            return
        self.next += self.interval
        while not jobs.stopping():
            left = self.next - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 1))
            beat()


class Run:
    """One worker's pass over an issue: claim, send, record, until nothing is left."""

    def __init__(self, issue):
        self.issue = issue
        self.run = SendRun.objects.create(issue=issue, host=socket.gethostname(),
                                          pid=os.getpid())
        self.transport = smtp.transport()
        self.parts, self.rendered = {}, {}
        self.outcome = None  # the previous message's result, written with the next commit
        self.last_beat = time.monotonic()
        self.on_connection = 0
        self.refusals_in_a_row = 0
        self.sent = 0

    def prepared(self, delivery):
        key = (delivery.language, delivery.newsletter_list_id)
        if key not in self.parts:
            parts = self.rendered.get(delivery.language)
            if parts is None:
                parts = self.rendered[delivery.language] = messages.render(
                    self.issue, delivery.language)
            self.parts[key] = messages.Prepared(parts, delivery.newsletter_list)
        return self.parts[key]

    def beat(self, force=False):
        if force or time.monotonic() - self.last_beat > HEARTBEAT_SECONDS:
            SendRun.objects.filter(pk=self.run.pk).update(heartbeat_at=timezone.now())
            self.last_beat = time.monotonic()

    def record(self):
        """Write the previous message's outcome (the caller holds the transaction)."""
        if self.outcome is None:
            return
        delivery_id, fields, subscriber_update = self.outcome
        Delivery.objects.filter(pk=delivery_id).update(**fields)
        if subscriber_update:
            subscriber_id, values = subscriber_update
            Subscriber.objects.filter(pk=subscriber_id).update(**values)
        self.outcome = None

    def flush(self):
        with transaction.atomic():
            self.record()
            self.beat(force=True)

    def cancelled(self):
        return Issue.objects.filter(pk=self.issue.pk).exclude(status=Issue.Status.SENDING).exists()

    def send_all(self):
        pacer = Pacer(conf.get("SEND_RATE"))
        try:
            while not jobs.stopping() and not self.cancelled():
                batch = claim(self.issue, self.run)
                if not batch:
                    break
                for delivery in batch:
                    if jobs.stopping():
                        break
                    if self.send_one(delivery):
                        pacer.wait(self.beat)
            self.flush()
        finally:
            self.end()

    def send_one(self, delivery):
        subscriber = delivery.subscriber
        if subscriber is None or subscriber.status != Subscriber.Status.ACTIVE:
            with transaction.atomic():
                self.record()
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=Status.SKIPPED, reply="no longer subscribed")
            return False
        outgoing = self.prepared(delivery).copy(delivery, subscriber)
        handed_over = []

        def before_dot():
            with transaction.atomic():
                self.record()
                if not Delivery.objects.filter(pk=delivery.pk, run=self.run,
                                               status=Status.CLAIMED).update(
                        status=Status.IN_FLIGHT, attempts=F("attempts") + 1):
                    raise ClaimLost()
                self.beat()
            handed_over.append(True)

        if self.on_connection >= conf.get("MESSAGES_PER_CONNECTION"):
            self.transport.close()
            self.on_connection = 0
        try:
            reply = self.transport.send(conf.sender(), delivery.email, outgoing, before_dot)
        except smtp.Refused as refused:
            self.on_connection += 1
            self.refused(delivery, subscriber, refused, bool(handed_over))
            return True
        except ClaimLost:
            self.transport.abort()  # mid-DATA: the server drops the message without its dot
            raise
        except CONNECTION_ERRORS as error:
            self.transport.close()
            if handed_over:  # the dot may have reached the server: never send it again
                self.outcome = (delivery.pk, {
                    "status": Status.SENT, "sent_at": timezone.now(),
                    "reply": f"unconfirmed: connection lost after the message ({error})"[:300],
                }, None)
                self.flush()
            raise ServerTrouble(str(error) or type(error).__name__) from error
        self.on_connection += 1
        self.refusals_in_a_row = 0
        self.sent += 1
        reset = (subscriber.pk, {"soft_failures": 0, "last_failure": ""}) \
            if subscriber.soft_failures else None
        self.outcome = (delivery.pk, {"status": Status.SENT, "sent_at": timezone.now(),
                                      "reply": reply[:300]}, reset)
        return True

    def refused(self, delivery, subscriber, refused, handed_over):
        """A reply other than 250: bounce, retry later, or give up on the address."""
        self.refusals_in_a_row += 1
        reason = str(refused)[:300]
        status = Status.IN_FLIGHT if handed_over else Status.CLAIMED
        attempts = delivery.attempts + 1
        if refused.permanent:
            fields = {"status": Status.FAILED, "reply": reason}
            with transaction.atomic():
                self.record()
                Delivery.objects.filter(pk=delivery.pk, status=status).update(**fields)
                if not handed_over:  # refused at RCPT: the address does not exist (a hard bounce)
                    services.mark_undeliverable(subscriber.pk, reason)
                else:
                    self._soft_failure(subscriber, reason)
        elif attempts < 3:
            wait = conf.get("RETRY_SECONDS") * 2 ** (attempts - 1)
            with transaction.atomic():
                self.record()
                Delivery.objects.filter(pk=delivery.pk, status=status).update(
                    status=Status.PENDING, run=None, attempts=attempts, reply=reason,
                    not_before=timezone.now() + datetime.timedelta(seconds=wait))
        else:
            with transaction.atomic():
                self.record()
                Delivery.objects.filter(pk=delivery.pk, status=status).update(
                    status=Status.FAILED, attempts=attempts, reply=reason)
                self._soft_failure(subscriber, reason)
        if self.refusals_in_a_row >= 20:
            raise ServerTrouble(f"the mail server refused 20 messages in a row ({reason})")

    def _soft_failure(self, subscriber, reason):
        Subscriber.objects.filter(pk=subscriber.pk).update(
            soft_failures=F("soft_failures") + 1, last_failure=reason)
        if subscriber.soft_failures + 1 >= conf.get("SOFT_FAILURE_LIMIT"):
            services.mark_undeliverable(subscriber.pk, reason)

    def end(self):
        self.transport.close()
        with transaction.atomic():
            self.record()
            Delivery.objects.filter(run=self.run, status=Status.CLAIMED).update(
                status=Status.PENDING, run=None)
            SendRun.objects.filter(pk=self.run.pk).update(ended_at=timezone.now())


def finish_if_done(issue):
    """Sent when no row waits; else the time the earliest deferred retry is due (or None)."""
    waiting = Delivery.objects.filter(issue=issue, status__in=[Status.PENDING, Status.CLAIMED,
                                                               Status.IN_FLIGHT])
    if not waiting.exists():
        Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, finished_at=timezone.now(), problem="",
            connection_failures=0)
        return None
    return waiting.filter(status=Status.PENDING).aggregate(Min("not_before"))["not_before__min"]
