"""Django settings for newsdesk.

Every deploy knob comes from an environment variable with an embedded default;
docs/configuration.md lists them. Invalid values raise ImproperlyConfigured with
a sentence naming the variable (see newsdesk/environment.py).
"""

from pathlib import Path
from urllib.parse import urlsplit

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

INSTALLED_APPS = [
    # Project apps first so their templates override contrib's (404, admin base).
    "newsdesk.publishing",
    "newsdesk.consent",
    "newsdesk",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "reversion",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost, so a page cache placed above it stores the already neutralised HTML.
    "newsdesk.consent.middleware.AutoBlockMiddleware",
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

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsdesk",
    }
}

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
# Hashed file names never change content, so browsers may keep them for a year.
WHITENOISE_MAX_AGE = 31536000

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = NEWSDESK_BASE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

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
