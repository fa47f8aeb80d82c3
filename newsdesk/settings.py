"""Django settings for newsdesk.

Every deploy knob comes from an environment variable with an embedded default;
docs/configuration.md lists them. Invalid values raise ImproperlyConfigured with
a sentence naming the variable (see newsdesk/environment.py).
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

from newsdesk import environment as env

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = env.data_dir()

SECRET_KEY = env.secret_key(DATA_DIR)
DEBUG = env.env_bool("NEWSDESK_DEBUG", False)

NEWSDESK_BASE_URL = env.base_url()
NEWSDESK_SITE_NAME = env.env_str("NEWSDESK_SITE_NAME", "newsdesk")

_base_host = urlsplit(NEWSDESK_BASE_URL).hostname
ALLOWED_HOSTS = env.env_list(
    "NEWSDESK_ALLOWED_HOSTS", [_base_host, "127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = [NEWSDESK_BASE_URL]
_https = NEWSDESK_BASE_URL.startswith("https://")
# A page that says what happened and offers a way back, for every form of the site.
CSRF_FAILURE_VIEW = "newsdesk.comments.views.csrf_failure"

INSTALLED_APPS = [
    # Project apps first so their templates override contrib's (404, admin base).
    "newsdesk.publishing",
    "newsdesk.syndication",
    "newsdesk.comments",
    "newsdesk.redirects",
    "newsdesk.wordpress",
    "newsdesk.backup",
    "newsdesk.audience",
    "newsdesk.consent",
    "newsdesk",
    "newsdesk.security",
    "newsdesk.pagecache",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "reversion",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache: every response gets its own policy (docs/security.md).
    "newsdesk.security.middleware.SecurityHeadersMiddleware",
    # A NUL in the path is a 404 before any lookup (PostgreSQL refuses NUL).
    "newsdesk.security.middleware.NulPathMiddleware",
    "newsdesk.comments.middleware.AuthorLinkMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before LocaleMiddleware, which would send old WordPress links to the home page.
    "newsdesk.redirects.middleware.RedirectMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "newsdesk.security.middleware.AccountSecurityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Tags pages for the page cache (newsdesk/pagecache/middleware.py).
    "newsdesk.pagecache.middleware.PageTagsMiddleware",
    # Neutralises known trackers in every HTML response (docs/consent.md); the page
    # cache stores what comes out of it.
    "newsdesk.consent.middleware.AutoBlockMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsdesk.urls"
WSGI_APPLICATION = "newsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsdesk.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.redis_url()
CACHES = {"default": env.cache(REDIS_URL)}

# Argon2 for new and upgraded hashes; the others only verify older hashes, which
# Django re-hashes with Argon2 at the next successful sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "newsdesk.security.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"

# Login throttling (django-axes): a username failing from one address is locked
# out for a while. By username *and* address, so nobody can lock an editor out
# from elsewhere by typing wrong passwords for their name.
AXES_FAILURE_LIMIT = env.env_int("NEWSDESK_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env.env_int("NEWSDESK_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsdesk.security.views.lockout"
AXES_CLIENT_IP_CALLABLE = "newsdesk.security.net.client_ip"
AXES_VERBOSE = False
NEWSDESK_PROXY_COUNT = env.env_int("NEWSDESK_PROXY_COUNT", 1 if _https else 0, minimum=0)
# The proxies whose X-Forwarded-For is believed (docs/deploy.md); replaces the count when set.
NEWSDESK_TRUSTED_PROXIES = env.networks("NEWSDESK_TRUSTED_PROXIES")

NEWSDESK_REQUIRE_2FA_FOR_ADMINS = env.env_bool("NEWSDESK_REQUIRE_2FA_FOR_ADMINS", _https)
OTP_TOTP_ISSUER = NEWSDESK_SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Comment rate limits and antispam state must be shared by every worker process:
# Redis when configured, else a table in the database.
CACHES["comments"] = env.cache(REDIS_URL) if REDIS_URL else {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "comments_antispam_cache",
    "OPTIONS": {"MAX_ENTRIES": 10000},
}

# Comments (newsdesk/comments/conf.py, docs/comments.md).
COMMENTS_MODERATION = env.env_str("NEWSDESK_COMMENTS_MODERATION", "first-time")
COMMENTS_THREAD_DEPTH = env.env_int("NEWSDESK_COMMENTS_THREAD_DEPTH", 5, minimum=1)
COMMENTS_ORDER = env.env_str("NEWSDESK_COMMENTS_ORDER", "oldest")
COMMENTS_CLOSE_AFTER_DAYS = env.env_int("NEWSDESK_COMMENTS_CLOSE_AFTER_DAYS", 0, minimum=0)
COMMENTS_EDIT_MINUTES = env.env_int("NEWSDESK_COMMENTS_EDIT_MINUTES", 15, minimum=0)
COMMENTS_AUTHOR_LINK_MINUTES = env.env_int("NEWSDESK_COMMENTS_AUTHOR_LINK_MINUTES", 120, minimum=1)
COMMENTS_RATE_LIMIT = env.env_int("NEWSDESK_COMMENTS_RATE_LIMIT", 5, minimum=0)
COMMENTS_MAX_LENGTH = env.env_int("NEWSDESK_COMMENTS_MAX_LENGTH", 5000, minimum=1)
COMMENTS_MAX_LINKS = env.env_int("NEWSDESK_COMMENTS_MAX_LINKS", 2, minimum=0)
COMMENTS_MIN_SECONDS = env.env_int("NEWSDESK_COMMENTS_MIN_SECONDS", 3, minimum=0)
COMMENTS_FORM_MAX_AGE_HOURS = env.env_int("NEWSDESK_COMMENTS_FORM_MAX_AGE_HOURS", 24, minimum=1)
COMMENTS_IP_RETENTION_DAYS = env.env_int("NEWSDESK_COMMENTS_IP_RETENTION_DAYS", 30, minimum=1)
COMMENTS_SPAM_RETENTION_DAYS = env.env_int("NEWSDESK_COMMENTS_SPAM_RETENTION_DAYS", 30, minimum=1)
COMMENTS_NOTIFY_MODERATORS = env.env_bool("NEWSDESK_COMMENTS_NOTIFY_MODERATORS", True)
COMMENTS_MODERATOR_EMAILS = env.env_list("NEWSDESK_COMMENTS_MODERATOR_EMAILS")
COMMENTS_REPORT_HIDE_AFTER = env.env_int("NEWSDESK_COMMENTS_REPORT_HIDE_AFTER", 3, minimum=0)
COMMENTS_REPORT_RATE_LIMIT = env.env_int("NEWSDESK_COMMENTS_REPORT_RATE_LIMIT", 10, minimum=0)
COMMENTS_TRUSTED_AFTER = env.env_int("NEWSDESK_COMMENTS_TRUSTED_AFTER", 5, minimum=0)
COMMENTS_HOLD_REJECTION_RATE = env.env_int("NEWSDESK_COMMENTS_HOLD_REJECTION_RATE", 50,
                                           minimum=0)
COMMENTS_HOLD_MIN_DECISIONS = env.env_int("NEWSDESK_COMMENTS_HOLD_MIN_DECISIONS", 2, minimum=1)
COMMENTS_NUDGE = env.env_bool("NEWSDESK_COMMENTS_NUDGE", True)
COMMENTS_NUDGE_CAPITALS = env.env_int("NEWSDESK_COMMENTS_NUDGE_CAPITALS", 70, minimum=0)
COMMENTS_NUDGE_LINKS = env.env_int("NEWSDESK_COMMENTS_NUDGE_LINKS", 50, minimum=0)
COMMENTS_LIVE_POLL_SECONDS = env.env_int("NEWSDESK_COMMENTS_LIVE_POLL_SECONDS", 20, minimum=0)

# Email: NEWSDESK_SMTP_URL names the mail server; without it mail is printed to the console.
_email = env.email(NEWSDESK_SITE_NAME, NEWSDESK_BASE_URL)
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
DEFAULT_FROM_EMAIL = SERVER_EMAIL = _email["DEFAULT_FROM_EMAIL"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT", 10)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.time_zone()

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing directory
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # newsdesk/bundle.css and .js: every app's CSS and JS in one file each (docs/architecture.md).
    "newsdesk.pagecache.assets.BundleFinder",
]
# Hashed file names never change content, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 31536000

# The page cache (newsdesk/pagecache/conf.py, docs/configuration.md).
PAGECACHE_ENABLED = env.env_bool("NEWSDESK_PAGECACHE", True)
PAGECACHE_TIMEOUT = env.env_int("NEWSDESK_PAGECACHE_TIMEOUT", 3600, minimum=1)
PAGECACHE_SHARED_MAX_AGE = env.env_int("NEWSDESK_PAGECACHE_SHARED_MAX_AGE", 60, minimum=0)
PAGECACHE_STALE_WHILE_REVALIDATE = env.env_int(
    "NEWSDESK_PAGECACHE_STALE_WHILE_REVALIDATE", 60, minimum=0
)
PAGECACHE_MEMORY_BYTES = env.env_int("NEWSDESK_PAGECACHE_MEMORY_MB", 32, minimum=0) * 1024 * 1024
# With Redis, invalidations reach the processes of every machine (docs/deploy.md).
PAGECACHE_REDIS_URL = REDIS_URL
# ... and pages rendered on one machine are served by all, up to this size each.
PAGECACHE_REDIS_MAX_BYTES = env.env_int("NEWSDESK_PAGECACHE_REDIS_MAX_KB", 1024, minimum=0) * 1024
PAGECACHE_SYNC_INTERVAL = env.env_int("NEWSDESK_PAGECACHE_SYNC_MS", 100, minimum=1) / 1000
PAGECACHE_NGINX_MICROCACHE = env.env_bool("NEWSDESK_PAGECACHE_NGINX_MICROCACHE", False)
PAGECACHE_FILES_DIR = env.env_str("NEWSDESK_PAGECACHE_FILES_DIR", "")
PAGECACHE_FILES_HEADERS = env.env_str(
    "NEWSDESK_PAGECACHE_FILES_HEADERS", "/etc/nginx/snippets/newsdesk-page-headers.conf"
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _https
SESSION_COOKIE_AGE = env.env_int("NEWSDESK_SESSION_HOURS", 12, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.env_bool("NEWSDESK_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
CSRF_COOKIE_SECURE = _https
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# With an https base URL the app runs behind a TLS-terminating proxy, which must
# send X-Forwarded-Proto (docs/security.md); HTTP is then redirected to HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _https else None
SECURE_SSL_REDIRECT = env.env_bool("NEWSDESK_SSL_REDIRECT", _https)
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.env_bool("NEWSDESK_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env.env_bool("NEWSDESK_HSTS_PRELOAD", False)
# includeSubDomains and preload bind every other site on the domain to HTTPS, and
# preload is hard to undo: the owner opts in with the two variables above, and
# Django's reminders about them (W005, W021) stay quiet.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# Strict Content-Security-Policy: only the site's own files, no inline script or
# style. Reader pages use no nonce (they are cached for everyone); the nonce is
# there for pages that are never shared (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": env.env_list("NEWSDESK_FRAME_ANCESTORS", ["'none'"]),
        "upgrade-insecure-requests": _https,
    },
}

NEWSDESK_UPLOAD_MAX_BYTES = env.env_int("NEWSDESK_UPLOAD_MAX_MB", 10, minimum=1) * 1024 * 1024

# Discovery: feeds, sitemaps, structured data, search (newsdesk/syndication/conf.py).
SYNDICATION_FEED_FULL_CONTENT = env.env_bool("NEWSDESK_FEED_FULL_CONTENT", True)
SYNDICATION_PUBLISHER_LOGO = env.env_str(
    "NEWSDESK_PUBLISHER_LOGO", "syndication/publisher-logo.png"
)
SYNDICATION_TWITTER_SITE = env.env_str("NEWSDESK_TWITTER_SITE", "")

# Views and likes (docs/audience.md).
AUDIENCE_DEDUPE = env.env_bool("NEWSDESK_AUDIENCE_DEDUPE", True)
AUDIENCE_RATE_LIMIT = env.env_int("NEWSDESK_AUDIENCE_RATE_LIMIT", 600, minimum=0)
AUDIENCE_BUFFER_MS = env.env_int("NEWSDESK_AUDIENCE_BUFFER_MS", 250, minimum=0)
# Live counts in Redis, drained to the database; it must persist its writes (docs/deploy.md).
AUDIENCE_REDIS_URL = env.redis_url("NEWSDESK_AUDIENCE_REDIS_URL", REDIS_URL)
# Generated per run by `newsdesk serve` and shared by its workers; never written to disk.
AUDIENCE_VISITOR_SECRET = env.env_str("NEWSDESK_VISITOR_SECRET")
# NEWSDESK_TRUSTED_PROXIES (the audience app reads it too) is set with the security settings.

# Consent manager: newsdesk/consent/conf.py explains each one; checked when the app starts.
CONSENT_REGIME = env.env_str("NEWSDESK_CONSENT_REGIME", "opt-in")
CONSENT_COUNTRY_HEADER = env.env_str("NEWSDESK_CONSENT_COUNTRY_HEADER")
CONSENT_OPT_OUT_COUNTRIES = env.env_list("NEWSDESK_CONSENT_OPT_OUT_COUNTRIES", ["US"])
CONSENT_COOKIE_DAYS = env.env_int("NEWSDESK_CONSENT_COOKIE_DAYS", 365, minimum=1)
CONSENT_RETENTION_MONTHS = env.env_int("NEWSDESK_CONSENT_RETENTION_MONTHS", 24, minimum=1)
CONSENT_GOOGLE_CONSENT_MODE = env.env_bool("NEWSDESK_CONSENT_GOOGLE_CONSENT_MODE", False)
CONSENT_RATE_LIMIT = env.env_int("NEWSDESK_CONSENT_RATE_LIMIT", 30, minimum=1)
CONSENT_CLIENT_IP_HEADER = env.env_str("NEWSDESK_CLIENT_IP_HEADER")
CONSENT_BLOCK_DOMAINS = env.env_list("NEWSDESK_CONSENT_BLOCK_DOMAINS")
CONSENT_CHROMIUM = env.env_str("NEWSDESK_CHROMIUM", "/usr/bin/chromium")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
