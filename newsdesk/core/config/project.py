"""Django's own settings made from newsdesk's: database, cache, mail, data directory, key.

These values need more than a kind to read (a URL becomes a DATABASES entry),
so newsdesk/settings.py passes the values the tables read through them. Each
raises ImproperlyConfigured with a one-line message that names the variable,
so `newsdesk` stops with that sentence instead of a traceback.
"""

import os
import secrets
import zoneinfo
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsdesk.core.config.kinds import TRUE_WORDS

SMTP_SCHEMES = {"smtp": False, "smtps": True}


def data_dir(raw):
    path = Path(raw or Path.cwd() / "var").expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"NEWSDESK_DATA_DIR={str(path)!r} cannot be created: {exc.strerror}."
        ) from None
    return path


def secret_key(configured, directory):
    """NEWSDESK_SECRET_KEY, or a key generated once and kept in the data directory."""
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured(
                "NEWSDESK_SECRET_KEY is too short: use at least 32 random characters."
            )
        return configured
    key_file = directory / "secret_key"
    if not key_file.exists():
        # O_EXCL: two workers starting at once must not write two different keys.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


def database(url, directory):
    url = url or f"sqlite:///{directory / 'newsdesk.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except Exception:  # dj-database-url raises several types for bad URLs
        config = None
    if not config or not config.get("ENGINE") or not config.get("NAME"):
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} is not a database URL: use sqlite:///path/to/file.sqlite3 "
            "or postgres://user:password@host:5432/name."
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers go on while one writer commits; IMMEDIATE takes the
            # write lock at BEGIN so concurrent writers wait instead of failing.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    return config


def base_url(raw):
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"NEWSDESK_BASE_URL={raw!r} is not a site address: use e.g. https://news.example.org."
        )
    return raw.rstrip("/")


def time_zone(name):
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"NEWSDESK_TIME_ZONE={name!r} is not a time zone: use a name such as "
            "Europe/Berlin or Asia/Shanghai."
        ) from None
    return name


def redis_url(name, raw):
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a Redis URL: use redis://host:6379/0."
        )
    return raw


def cache(redis, prefix):
    """Redis when REDIS_URL is set (shared by every process), else a per-process memory cache."""
    if redis:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis, "KEY_PREFIX": prefix,
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsdesk"}


def email(raw, sender):
    """Django's EMAIL_* settings from NEWSDESK_SMTP_URL (console output when unset).

    smtp://user:password@host:587?tls=1 sends with STARTTLS, smtps://...:465 over
    TLS from the start; ?timeout=N waits N seconds for the server (default 10).
    """
    config = {"DEFAULT_FROM_EMAIL": sender, "SERVER_EMAIL": sender}
    if not raw or raw == "console:":
        return {**config, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    problem = (f"NEWSDESK_SMTP_URL={raw!r} is not a mail server address: use e.g. "
               "smtp://user:password@mail.example.org:587?tls=1 or smtps://...:465.")
    try:
        parts = urlsplit(raw)
        port = parts.port
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        timeout = int(options.get("timeout", 10))
    except ValueError:
        raise ImproperlyConfigured(problem) from None
    if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
        raise ImproperlyConfigured(problem)
    ssl = SMTP_SCHEMES[parts.scheme] or options.get("ssl", "").lower() in TRUE_WORDS
    tls = not ssl and options.get("tls", "").lower() in TRUE_WORDS
    return {
        **config,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if ssl else 587 if tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": tls,
        "EMAIL_USE_SSL": ssl,
        "EMAIL_TIMEOUT": timeout,
    }
