"""Is this a reader's page? The one answer every app asks for.

Reader pages are everything the site shows its readers: the language-prefixed
site, feeds, sitemaps, robots.txt, old addresses that redirect. Not reader
pages: the back office (/admin/), the JSON API (/api/), and static and media
files. Consent's auto-blocker and policy sources, the redirect lookup, the
cookie scanner and the page cache all ask this.
"""

from django.conf import settings

ADMIN_PREFIX = "/admin/"
API_PREFIX = "/api/"


def not_reader_prefixes():
    """The path prefixes that are never reader pages, as a tuple for str.startswith()."""
    prefixes = [ADMIN_PREFIX, API_PREFIX, settings.STATIC_URL, settings.MEDIA_URL]
    return tuple(dict.fromkeys(prefix for prefix in prefixes if prefix and prefix.startswith("/")))


def is_reader_path(path):
    """True for a path readers are shown: anything but admin, API, static and media."""
    return not path.startswith(not_reader_prefixes())
