import os
import secrets
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    # Started without the apps loaded (newsdesk/cli.py); run `newsdesk check --deploy` instead.
    requires_system_checks = []
    help = (
        "Serve the site with granian, a production HTTP server "
        "(never Django's development server)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=int, default=2,
            help="Worker processes (default 2: one per core on a small machine).",
        )
        parser.add_argument(
            "--threads", type=int, default=4,
            help="Threads per worker for Django views (default 4).",
        )

    def handle(self, *args, **options):
        if options["workers"] < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1.")
        if not 0 < options["port"] < 65536:
            raise CommandError("--port must be between 1 and 65535.")
        command = [
            sys.executable, "-m", "granian",
            "--interface", "wsgi",
            "--host", options["host"],
            "--port", str(options["port"]),
            "--workers", str(options["workers"]),
            "--blocking-threads", str(options["threads"]),
            "--no-ws",
            "--log-level", "warning",
            "newsdesk.wsgi:application",
        ]
        self.stdout.write(
            f"Serving on http://{options['host']}:{options['port']} "
            f"with {options['workers']} workers. Stop with Ctrl+C."
        )
        self.stdout.flush()
        # One random secret per run, inherited by every worker and never written down:
        # the audience app derives its daily visitor salt from it (docs/audience.md).
        os.environ.setdefault("NEWSDESK_VISITOR_SECRET", secrets.token_hex(32))
        # Replace this process so signals (Ctrl+C, systemd's SIGTERM) reach granian directly.
        os.execv(sys.executable, command)
