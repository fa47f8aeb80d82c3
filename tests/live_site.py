"""A real newsdesk site for end-to-end tests: `newsdesk serve` on a free port.

The site gets its own data directory (SQLite database, media, static files),
is migrated, loaded with the demo newsroom, given an administrator account, and
served by the same command readers' sites use.
"""

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-test-password-2026"

# One Django start-up for the whole preparation instead of four: on the CI
# machine each start costs seconds, and a run prepares a few dozen sites.
# Arguments: the administrator's username, then "collect" to collect static files.
PREPARE = """
import sys
import django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
username, collect = sys.argv[1], sys.argv[2:] == ["collect"]
call_command("migrate", "--noinput", "-v0")
call_command("demo", "--if-empty")
if collect:
    call_command("collectstatic", "--noinput", "-v0")
try:
    call_command("createsuperuser", "--noinput", "--username", username,
                 "--email", "admin@example.org")
except CommandError:
    pass  # already there (a prepared data directory prepared again)
"""

# Collected static files depend on the code only, not on a site's settings, so
# they are collected (and compressed) once per run and copied into later sites.
_collected_static = None


def _static_cache():
    global _collected_static
    if _collected_static is None:
        _collected_static = Path(tempfile.mkdtemp(prefix="newsdesk-static-"))
        atexit.register(shutil.rmtree, _collected_static, True)
    return _collected_static


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveSite:
    data_dir: Path
    port: int = field(default_factory=free_port)
    extra_env: dict = field(default_factory=dict)
    process: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self):
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        env.update(
            NEWSDESK_DATA_DIR=str(self.data_dir),
            NEWSDESK_BASE_URL=self.base_url,
            DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
        )
        env.update(self.extra_env)  # may name another base URL (e.g. nginx in front)
        return env

    def newsdesk(self, *args, check=True, timeout=120):
        """Run a `newsdesk` command against this site's data directory."""
        return self.python("-m", "newsdesk", *args, check=check, timeout=timeout)

    def python(self, *args, check=True, timeout=120):
        """Run this interpreter with `args` in this site's environment."""
        env = self.env
        env.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")  # as `newsdesk` does
        result = subprocess.run(
            [sys.executable, *args], env=env, capture_output=True, text=True, timeout=timeout,
        )
        if check and result.returncode != 0:
            shown = " ".join(args[2:] if args[:2] == ("-m", "newsdesk") else args[:1])
            raise AssertionError(f"newsdesk {shown} failed:\n{result.stderr}")
        return result

    def __post_init__(self):
        # On PostgreSQL and Redis (the second CI pass) each live site gets its own
        # database and cache key prefix, so sites and test runs never share state
        # (pages in Redis included: a later site on the same port must not find them).
        self.extra_env.setdefault("NEWSDESK_CACHE_KEY_PREFIX",
                                  f"live{self.port}-{uuid.uuid4().hex[:8]}")
        database_url = os.environ.get("DATABASE_URL", "")
        on_postgres = database_url.startswith(("postgres://", "postgresql://"))
        if on_postgres and "DATABASE_URL" not in self.extra_env:
            self.database_name = f"newsdesk_live_{self.port}"
            # A run that died may have left one with this name behind: it is ours to replace.
            _postgres_admin(
                database_url, f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)'
            )
            _postgres_admin(database_url, f'CREATE DATABASE "{self.database_name}"')
            base, _, _name = database_url.rpartition("/")
            self.extra_env["DATABASE_URL"] = f"{base}/{self.database_name}"
        else:
            self.database_name = None

    def prepare(self):
        """Migrate, load the demo newsroom, collect static files, add the administrator."""
        cache = _static_cache()
        collected = (cache / "staticfiles.json").exists()
        static_root = Path(self.data_dir) / "static"
        if collected:
            shutil.copytree(cache, static_root, dirs_exist_ok=True)
        self.python("-c", PREPARE, ADMIN_USERNAME, *([] if collected else ["collect"]),
                    timeout=300)
        if not collected and (static_root / "staticfiles.json").exists():
            shutil.copytree(static_root, cache, dirs_exist_ok=True)

    @property
    def log_path(self):
        """The server's stderr: a file, since a pipe nobody reads would stall a chatty server."""
        return Path(self.data_dir) / "server.log"

    def start(self, workers=1):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "newsdesk", "serve", "--port", str(self.port),
                 "--workers", str(workers)],
                env=self.env, stdout=subprocess.DEVNULL, stderr=log,
            )
        wait_until_answering(self.process, f"{self.base_url}/en/", "newsdesk serve", 30,
                             log_path=self.log_path)
        return self

    def stop(self):
        self.stop_worker()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def worker_log_path(self):
        return Path(self.data_dir) / "worker.log"

    def start_worker(self, *args):
        """Start `newsdesk worker` for this site (the job queue); returns once it runs jobs."""
        log = open(self.worker_log_path, "ab")  # noqa: SIM115  (the child keeps it open)
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "newsdesk", "worker", "-v2", *args], env=self.env,
            stdout=log, stderr=log,
        )
        log.close()
        deadline = time.monotonic() + 30
        while b"Worker started" not in self.worker_log_path.read_bytes():
            if self.worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("newsdesk worker did not start: "
                                   + self.worker_log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.1)
        return self.worker

    def stop_worker(self, kill=False):
        """SIGTERM (a graceful stop) or, with kill, SIGKILL: a crash in the middle of a job."""
        if self.worker and self.worker.poll() is None:
            if kill:
                self.worker.kill()
            else:
                self.worker.terminate()
            try:
                self.worker.wait(timeout=45)
            except subprocess.TimeoutExpired:
                self.worker.kill()
                self.worker.wait()

    def invalidate_pages(self, tags):
        """What an edit does to the page cache, straight on its counters (no Django needed)."""
        redis_url = self.env.get("REDIS_URL")
        if redis_url:
            from newsdesk.pagecache.redis_versions import RedisVersions

            prefix = self.env.get("NEWSDESK_CACHE_KEY_PREFIX", "newsdesk")
            RedisVersions(redis_url, prefix).bump(tags)
            # Every server process sees it within NEWSDESK_PAGECACHE_SYNC_INTERVAL (0.1 s).
            time.sleep(0.25)
        else:
            from newsdesk.pagecache.versions import Versions

            Versions(Path(self.data_dir) / "pagecache" / "versions").bump(tags)

    def sql(self, statement, params=()):
        """The rows of a query on this site's database, SQLite or PostgreSQL (%s placeholders)."""
        if self.database_name:
            import psycopg

            with psycopg.connect(self.extra_env["DATABASE_URL"]) as connection:
                cursor = connection.execute(statement, params)
                return cursor.fetchall() if cursor.description else []
        import sqlite3

        with sqlite3.connect(Path(self.data_dir) / "newsdesk.sqlite3") as connection:
            return connection.execute(statement.replace("%s", "?"), params).fetchall()

    def drop_database(self):
        if self.database_name:
            _postgres_admin(
                os.environ["DATABASE_URL"],
                f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)',
            )


def wait_until_answering(process, url, name, seconds, pause=0.2, log_path=None):
    """Wait for a started server to answer `url`; fail with its stderr if it exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = Path(log_path).read_bytes()[-4000:] if log_path else process.stderr.read()
            error = error.decode(errors="replace") if isinstance(error, bytes) else error
            raise RuntimeError(f"{name} exited: {error}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(pause)
    raise RuntimeError(f"{name} did not answer within {seconds} seconds")


def _postgres_admin(database_url, statement):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(statement)
