"""Django settings for newsdesk.

Every deploy knob is declared once, in its app's settings table (`conf.py`:
name, kind, effective default, environment variable, help, allowed values);
this module reads them all from the environment (`assemble`) and sets Django's
own settings from them. docs/configuration.md is generated from the tables.
Invalid values raise ImproperlyConfigured with a sentence naming the variable.
"""

import datetime
from pathlib import Path

from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor as WhiteNoiseCompressor

from newsdesk.api.conf import SETTINGS as API
from newsdesk.audience.conf import SETTINGS as AUDIENCE
from newsdesk.backup.conf import SETTINGS as BACKUP
from newsdesk.comments.conf import SETTINGS as COMMENTS
from newsdesk.consent.conf import SETTINGS as CONSENT
from newsdesk.core.conf import SETTINGS as CORE
from newsdesk.core.config import assemble, project
from newsdesk.fediverse.conf import SETTINGS as FEDIVERSE
from newsdesk.newsletter.conf import SETTINGS as NEWSLETTER
from newsdesk.pagecache.conf import SETTINGS as PAGECACHE
from newsdesk.security.conf import SETTINGS as SECURITY
from newsdesk.syndication.conf import SETTINGS as SYNDICATION

globals().update(assemble(CORE, SECURITY, COMMENTS, PAGECACHE, SYNDICATION, AUDIENCE, CONSENT,
                          NEWSLETTER, BACKUP, API, FEDIVERSE))

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = project.data_dir(NEWSDESK_DATA_DIR)  # noqa: F821 (set by assemble)
SECRET_KEY = project.secret_key(NEWSDESK_SECRET_KEY, DATA_DIR)  # noqa: F821
DEBUG = NEWSDESK_DEBUG  # noqa: F821
ALLOWED_HOSTS = NEWSDESK_ALLOWED_HOSTS  # noqa: F821
CSRF_TRUSTED_ORIGINS = [NEWSDESK_BASE_URL]  # noqa: F821
_https = NEWSDESK_BASE_URL.startswith("https://")  # noqa: F821
# A page that says what happened and offers a way back, for every form of the site.
CSRF_FAILURE_VIEW = "newsdesk.core.csrf.csrf_failure"

INSTALLED_APPS = [
    # Project apps first so their templates override contrib's (404, admin base).
    "newsdesk.core",
    "newsdesk.publishing",
    "newsdesk.syndication",
    "newsdesk.comments",
    "newsdesk.redirects",
    "newsdesk.wordpress",
    "newsdesk.backup",
    "newsdesk.audience",
    "newsdesk.consent",
    "newsdesk.newsletter",
    "newsdesk.api",
    "newsdesk.fediverse",
    "newsdesk",
    "newsdesk.security",
    "newsdesk.pagecache",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "newsdesk.staticfiles.StaticFilesConfig",
    "reversion",
    # django-ninja's own templates and static files: the API reference loads Swagger UI
    # from the site, never from a CDN.
    "ninja",
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

DATABASES = {"default": project.database(NEWSDESK_DATABASE_URL, DATA_DIR)}  # noqa: F821
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = NEWSDESK_REDIS_URL  # noqa: F821
CACHES = {"default": project.cache(REDIS_URL, NEWSDESK_CACHE_KEY_PREFIX)}  # noqa: F821

# The job queue (newsdesk/core/jobs.py, docs/operations.md): a SQLite file in the data
# directory on one machine, Redis when REDIS_URL is set, or NEWSDESK_JOBS_URL.
JOBS_URL = project.jobs_url(NEWSDESK_JOBS_URL, DATA_DIR, REDIS_URL)  # noqa: F821
JOBS_NAME = f"{NEWSDESK_CACHE_KEY_PREFIX}-jobs"  # noqa: F821
JOBS_IMMEDIATE = NEWSDESK_JOBS_IMMEDIATE  # noqa: F821
JOBS_THREADS = NEWSDESK_JOBS_THREADS  # noqa: F821

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
AXES_FAILURE_LIMIT = SECURITY_LOGIN_FAILURE_LIMIT  # noqa: F821
AXES_COOLOFF_TIME = datetime.timedelta(seconds=SECURITY_LOGIN_LOCKOUT_SECONDS)  # noqa: F821
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsdesk.security.views.lockout"
AXES_CLIENT_IP_CALLABLE = "newsdesk.core.net.client_ip"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = NEWSDESK_SITE_NAME  # noqa: F821
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Comment rate limits and antispam state must be shared by every worker process:
# Redis when configured, else a table in the database.
CACHES["comments"] = CACHES["default"] if REDIS_URL else {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "comments_antispam_cache",
    "OPTIONS": {"MAX_ENTRIES": 10000},
}

# Email: NEWSDESK_SMTP_URL names the mail server; without it mail is printed to the console.
_email = project.email(NEWSDESK_SMTP_URL, NEWSDESK_EMAIL_FROM)  # noqa: F821
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
TIME_ZONE = NEWSDESK_TIME_ZONE  # noqa: F821

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
    "newsdesk.core.bundles.BundleFinder",
]
# Hashed file names never change content, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 31536000
# Source maps are fetched by developer tools only: not worth compressing (seconds each).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*WhiteNoiseCompressor.SKIP_COMPRESS_EXTENSIONS, "map"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _https
SESSION_COOKIE_AGE = SECURITY_SESSION_SECONDS  # noqa: F821
SESSION_EXPIRE_AT_BROWSER_CLOSE = SECURITY_SESSION_EXPIRE_AT_BROWSER_CLOSE  # noqa: F821
CSRF_COOKIE_SECURE = _https
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# With an https base URL the app runs behind a TLS-terminating proxy, which must
# send X-Forwarded-Proto (docs/security.md); HTTP is then redirected to HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _https else None
SECURE_SSL_REDIRECT = SECURITY_SSL_REDIRECT  # noqa: F821
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURITY_HSTS_INCLUDE_SUBDOMAINS  # noqa: F821
SECURE_HSTS_PRELOAD = SECURITY_HSTS_PRELOAD  # noqa: F821
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
        "frame-ancestors": SECURITY_FRAME_ANCESTORS,  # noqa: F821
        "upgrade-insecure-requests": _https,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
