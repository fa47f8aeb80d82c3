import errno
import os
import secrets
import socket
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
        ensure_free(options["host"], options["port"])
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
        os.environ.setdefault("NEWSDESK_AUDIENCE_VISITOR_SECRET", secrets.token_hex(32))
        # Replace this process so signals (Ctrl+C, systemd's SIGTERM) reach granian directly.
        os.execv(sys.executable, command)


def ensure_free(host, port):
    """Refuse a port another server listens on.

    granian binds with SO_REUSEPORT, so a second `newsdesk serve` on the same port
    would start without complaint and share the connections with the first (and
    its older code). A plain bind tells the truth first.
    """
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror as error:
        raise CommandError(f"--host {host!r} is not an address to listen on ({error}).") from None
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # Like any server: connections of a stopped one (TIME_WAIT) do not hold the port.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(f"Port {port} on {host} is already in use: stop the "
                                   "server using it or choose another with --port.") from None
            raise CommandError(f"Cannot listen on {host}:{port}: {error.strerror}.") from None
