import logging
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsdesk.core import jobs, jobs_redelivery


class Command(BaseCommand):
    help = (
        "Run the background worker: newsletters, scheduled scans and purges, and every "
        "other app's jobs (docs/operations.md). Stop it with Ctrl+C or SIGTERM: it finishes "
        "or hands back what it is doing first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--threads", type=int, default=None,
            help=f"Jobs run at once (default NEWSDESK_JOBS_THREADS, {settings.JOBS_THREADS}).",
        )
        parser.add_argument(
            "--no-periodic", action="store_false", dest="periodic",
            help="Do not start periodic jobs (scans, purges, digests) from this worker; "
                 "another worker does.",
        )
        parser.add_argument(
            "--shutdown-timeout", type=float, default=30,
            help="Seconds to wait for running jobs when asked to stop (default 30).",
        )

    def handle(self, *args, **options):
        threads = options["threads"] or settings.JOBS_THREADS
        if threads < 1:
            raise CommandError("--threads must be at least 1.")
        queue = jobs.queue()
        if queue.immediate:
            raise CommandError("NEWSDESK_JOBS_IMMEDIATE is on: jobs run where they are queued, "
                               "so there is nothing for a worker to do. Turn it off to use one.")
        self._log_to_stderr(options["verbosity"])
        names = jobs.discover()
        consumer = queue.create_consumer(
            workers=threads, worker_type="thread", periodic=options["periodic"],
            initial_delay=0.05, backoff=1.5, max_delay=1.0, scheduler_interval=1,
            # systemd and `newsdesk serve --with-worker` stop with SIGTERM: a graceful stop.
            graceful_signal="TERM", shutdown_timeout=options["shutdown_timeout"],
            flush_locks=True,  # a lock a killed worker held would block its job for good
        )
        jobs._stop = consumer.stop_flag
        requeued = jobs_redelivery.redeliver(queue)
        jobs_redelivery.start_heartbeat(queue, consumer.stop_flag)
        self.stdout.write(
            f"Worker started: {threads} threads, queue {_where(settings.JOBS_URL)}, "
            f"{len(names)} jobs known{', periodic jobs on' if options['periodic'] else ''}"
            f"{f', {requeued} interrupted jobs queued again' if requeued else ''}. "
            "Stop with Ctrl+C."
        )
        self.stdout.flush()
        consumer.run()
        self.stdout.write("Worker stopped.")

    def _log_to_stderr(self, verbosity):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        for name in ("huey", "newsdesk"):
            logger = logging.getLogger(name)
            logger.addHandler(handler)
            logger.setLevel(logging.INFO if verbosity > 1 else logging.WARNING)
            logger.propagate = False


def _where(url):
    """The queue's address without a password."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{f':{parts.port}' if parts.port else ''}{parts.path}"
