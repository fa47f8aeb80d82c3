"""A real newsdesk site for end-to-end tests: `newsdesk serve` on a free port.

The site gets its own data directory (SQLite database, media, static files),
is migrated, loaded with the demo newsroom, given an administrator account, and
served by the same command readers' sites use.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin-test-password-2026"


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
        result = subprocess.run(
            [sys.executable, "-m", "newsdesk", *args], env=self.env, capture_output=True,
            text=True, timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"newsdesk {' '.join(args)} failed:\n{result.stderr}")
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
        self.newsdesk("migrate", "--noinput", "-v0")
        self.newsdesk("demo", "--if-empty")
        self.newsdesk("collectstatic", "--noinput", "-v0")
        self.newsdesk(
            "createsuperuser", "--noinput", "--username", ADMIN_USERNAME,
            "--email", "admin@example.org", check=False,
        )

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
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

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
