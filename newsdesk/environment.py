"""Read deploy settings from environment variables.

Every reader raises ImproperlyConfigured with a one-line message that names the
variable and says what a valid value looks like, so `newsdesk` can stop with
that sentence instead of a traceback.
"""

import os
import secrets
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name, default, minimum=None):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def networks(name):
    """A comma-separated list of addresses or CIDRs (e.g. 127.0.0.1/32,10.0.0.0/8)."""
    import ipaddress

    entries = env_list(name)
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {entry!r} is not an address or network: use e.g. 127.0.0.1/32,10.0.0.0/8."
            ) from None
    return tuple(entries)


def data_dir():
    path = Path(env_str("NEWSDESK_DATA_DIR") or Path.cwd() / "var").expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"NEWSDESK_DATA_DIR={str(path)!r} cannot be created: {exc.strerror}."
        ) from None
    return path


def secret_key(directory):
    """Return NEWSDESK_SECRET_KEY, or a key generated once and kept in the data directory."""
    configured = env_str("NEWSDESK_SECRET_KEY")
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


def database(directory):
    default_url = f"sqlite:///{directory / 'newsdesk.sqlite3'}"
    url = env_str("DATABASE_URL") or default_url
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


def base_url():
    raw = env_str("NEWSDESK_BASE_URL", "http://127.0.0.1:8000")
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"NEWSDESK_BASE_URL={raw!r} is not a site address: use e.g. https://news.example.org."
        )
    return raw.rstrip("/")


def time_zone():
    name = env_str("NEWSDESK_TIME_ZONE", "UTC")
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"NEWSDESK_TIME_ZONE={name!r} is not a time zone: use a name such as "
            "Europe/Berlin or Asia/Shanghai."
        ) from None
    return name


def redis_url(name="REDIS_URL", default=""):
    raw = env_str(name, default)
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a Redis URL: use redis://host:6379/0."
        )
    return raw


def jobs_url(directory, redis):
    """NEWSDESK_JOBS_URL, else the Redis of REDIS_URL, else a SQLite file in the data directory."""
    raw = env_str("NEWSDESK_JOBS_URL")
    if not raw:
        return redis or f"sqlite://{directory / 'jobs.sqlite3'}"
    if urlsplit(raw).scheme not in ("sqlite", "redis", "rediss", "unix", "memory"):
        raise ImproperlyConfigured(
            f"NEWSDESK_JOBS_URL={raw!r} is not a job queue address: use "
            "sqlite:///path/jobs.sqlite3, redis://host:6379/0 or memory:."
        )
    return raw


def cache(redis):
    """Redis when REDIS_URL is set (shared by every process), else a per-process memory cache."""
    if redis:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis,
            "KEY_PREFIX": env_str("NEWSDESK_CACHE_KEY_PREFIX", "newsdesk"),
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsdesk"}
SMTP_SCHEMES = {"smtp": False, "smtps": True}


def email(site_name, base):
    """Django's EMAIL_* settings from NEWSDESK_SMTP_URL (console output when unset).

    smtp://user:password@host:587?tls=1 sends with STARTTLS, smtps://...:465 over
    TLS from the start; ?timeout=N waits N seconds for the server (default 10).
    """
    from urllib.parse import parse_qs, unquote

    raw = env_str("NEWSDESK_SMTP_URL")
    sender = env_str("NEWSDESK_EMAIL_FROM") or f"{site_name} <noreply@{urlsplit(base).hostname}>"
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
