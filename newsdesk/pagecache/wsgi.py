"""The page cache in front of Django: `application = PageCacheApp(get_wsgi_application())`.

A hit is a dictionary lookup, a check of the shared counters and
`start_response`: no Django request, middleware, session or database. A miss
goes through Django; the response is stored when it is a reader's page (200,
no cookie, not private) and Django's side answered the PageMeta it was asked for
(newsdesk.core.pages: the seam between the two; PageTagsMiddleware answers it).
"""

import logging
import re
import threading
import time
from email.utils import parsedate_to_datetime

from newsdesk.core.pages import LANGUAGE as LANGUAGE_KEY
from newsdesk.core.pages import PAGE_META
from newsdesk.core.pages import VARIANT as VARIANT_KEY
from newsdesk.pagecache.entries import Entry, choose_encoding
from newsdesk.pagecache.files import NGINX_CHECKS
from newsdesk.pagecache.services import page_store, wrapper_config

logger = logging.getLogger(__name__)
PAGE_QUERY = re.compile(r"page=[0-9]{1,6}")
# Longer queries under core.pages.cache_queries_under() prefixes go to Django uncached.
MAX_QUERY = 1000
PING_PATH = "/api/ping"
_PONG = [b"pong\n"]
_PONG_HEADERS = [
    ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "5"),
    ("Cache-Control", "no-store"),
]
_NOT_STORABLE_CACHE_CONTROL = ("private", "no-store", "no-cache")
# Vary values a cached page may carry. The key holds the language (from the path prefix,
# or negotiated from Accept-Language like Django does); cached pages are those without a
# session, so Cookie is moot. Any other Vary keeps a page out of the cache.
_ALLOWED_VARY = {"accept-encoding", "accept-language", "cookie"}


class PageCacheApp:
    def __init__(self, application, store=None, config=None):
        """`config`: a frozen services.WrapperConfig, read from the settings when omitted."""
        self.application = application
        config = config or wrapper_config()
        self.config = config
        self.enabled = config.enabled
        self.store = store or (page_store() if self.enabled else None)
        # Attributes, not config lookups, on the hit path: each is read on every request.
        self.excluded = config.excluded_paths
        self.query_prefixes = tuple(prefix for prefix, _ in config.query_prefixes)
        self.query_excluded = tuple(excluded for _, excluded in config.query_prefixes
                                    if excluded)
        self.bypass_cookies = tuple(f"{name}=" for name in config.bypass_cookies)
        self.language_prefixes = config.language_prefixes
        self.negotiate_language = config.negotiate_language
        self._languages = {}  # Accept-Language header -> language code
        self.timeout = config.timeout
        self.shared_max_age = config.shared_max_age
        self.cache_control = config.cache_control
        # nginx in front (docs/deploy.md) keeps a page to the end of the current second.
        self.nginx_microcache = config.nginx_microcache
        # Copies per variant (core.pages.vary_pages_on): the consent app's, for one.
        self.variants = config.variants
        self.vary_on = config.vary
        self.allowed_vary = _ALLOWED_VARY | {header.lower() for header in self.vary_on}
        # Pages as files for nginx (files.py): only when nginx's checks cover every header
        # pages vary on (with a country header, they do not).
        self.files = getattr(self.store, "files", None)
        if self.files is not None and not {h.lower() for h in self.vary_on} <= NGINX_CHECKS:
            logger.warning("page files: off, pages vary on %s, which nginx does not check",
                           ", ".join(self.vary_on))
            self.files = None
        if self.files is not None:
            self.files.watch()
            self._not_for_files = ("HTTP_AUTHORIZATION", *(
                "HTTP_" + header.upper().replace("-", "_") for header in self.vary_on))
        self._rendering = {}  # key -> Lock: one render per page per process at a time
        self._rendering_lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == PING_PATH:
            start_response("200 OK", list(_PONG_HEADERS))
            return _PONG
        key = self.key(environ) if self.enabled else None
        if key is None:
            return self.application(environ, start_response)
        entry = self.store.get(key)
        if entry is not None:
            if self.files is not None and entry.filed != self.files.epoch:
                self.offer_file(entry, environ)
            return self.respond(entry, environ, start_response)
        return self.miss(key, environ, start_response)

    def key(self, environ):
        """The cache key of a request, or None when it must go to Django."""
        method = environ.get("REQUEST_METHOD")
        if method != "GET" and method != "HEAD":
            return None
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        if self.query_prefixes and path.startswith(self.query_prefixes) and \
                not path.startswith(self.query_excluded):
            # core.pages.cache_queries_under: the query is part of the page (API filters).
            if len(query) > MAX_QUERY:
                return None
        else:
            if path.startswith(self.excluded):
                return None
            if query and not PAGE_QUERY.fullmatch(query):
                return None  # e.g. ?c=<token>: a commenter's own pending comment
        cookie = environ.get("HTTP_COOKIE")
        if cookie and self.has_bypass_cookie(cookie):
            return None
        if "HTTP_AUTHORIZATION" in environ:
            return None
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        key = f"{environ.get('wsgi.url_scheme', 'http')}://{host.lower()}{path}?{query}"
        if not path.startswith(self.language_prefixes):
            language = self.language(environ.get("HTTP_ACCEPT_LANGUAGE", ""))
            environ[LANGUAGE_KEY] = language
            key += "#" + language
        # On every hit: a plain loop (no generator, no join) for the usual one variant.
        variant = ""
        for variant_of in self.variants:
            part = variant_of(environ)
            if part:
                variant = f"{variant}|{part}" if variant else part
        if variant:
            environ[VARIANT_KEY] = variant
            key += "|" + variant
        return key

    def offer_file(self, entry, environ):
        """Write the page as a file for nginx when this request is one nginx sends files to."""
        if environ.get("QUERY_STRING") or VARIANT_KEY in environ or LANGUAGE_KEY in environ:
            return
        for name in self._not_for_files:
            if name in environ:
                return
        path = environ.get("PATH_INFO", "")
        language = path[1:path.find("/", 1)]
        self.files.offer(entry, path, language)

    def language(self, accept_language):
        """The language Django would pick for a path without a language prefix."""
        try:
            return self._languages[accept_language]
        except KeyError:
            code = self.negotiate_language(accept_language)
            if len(self._languages) < 1024:
                self._languages[accept_language] = code
            return code

    def has_bypass_cookie(self, cookie):
        """True for a logged-in editor (session cookie) or a pending message; no session read."""
        for part in cookie.split(";"):
            if part.lstrip().startswith(self.bypass_cookies):
                return True
        return False

    def respond(self, entry, environ, start_response, cache="HIT", timing=None):
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if encoding not in entry.bodies:
            encoding = None
        if if_none_match is not None:
            not_modified = entry.matches(if_none_match)
        else:
            not_modified = self.unmodified_since(entry, environ.get("HTTP_IF_MODIFIED_SINCE"))
        headers = entry.hit_headers[encoding]
        remaining = entry.expires - time.time()
        if remaining < self.shared_max_age or cache != "HIT" or timing:
            headers = self.adjust(headers, remaining, cache, timing)
        if self.nginx_microcache:
            headers = [("X-Accel-Expires", self.nginx_expires(time.time())), *headers]
        if not_modified:
            start_response("304 Not Modified",
                           [header for header in headers if header[0] in _NOT_MODIFIED_KEEP])
            return []
        start_response(entry.status, headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return []
        return [entry.bodies[encoding]]

    def nginx_expires(self, now):
        """X-Accel-Expires (read by nginx, never forwarded): keep the page to the end of the
        second in which its freshness was last checked against every invalidation, so readers
        behind nginx see an edit within a second. With Redis that is the second of this
        process's last sync (it syncs at the first request of each second); if that is an
        earlier second, nginx keeps nothing.
        """
        return f"@{int(min(now, self.store.versions.fresh_as_of()))}"

    def adjust(self, headers, remaining, cache, timing):
        """Headers of a miss, or of a page that expires before `s-maxage` would run out."""
        adjusted = []
        for name, value in headers:
            if name == "Cache-Control" and remaining < self.shared_max_age:
                value = self.cache_control.replace(
                    f"s-maxage={self.shared_max_age}", f"s-maxage={max(0, int(remaining))}"
                )
            elif name == "X-Cache":
                value = cache
            adjusted.append((name, value))
        if timing is not None:
            adjusted.append(("Server-Timing", f"render;dur={timing:.1f}"))
        return adjusted

    @staticmethod
    def unmodified_since(entry, if_modified_since):
        if not if_modified_since:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return entry.last_modified <= since

    def miss(self, key, environ, start_response):
        """Render through Django, once per page per process even under a stampede."""
        with self._rendering_lock:
            lock = self._rendering.setdefault(key, threading.Lock())
        acquired = lock.acquire(timeout=10)
        try:
            if acquired:
                # Rendered by another thread while we waited: it is in memory now. Redis
                # was asked a moment ago, by __call__.
                entry = self.store.get_local(key)
                if entry is not None:
                    return self.respond(entry, environ, start_response)
            return self.render(key, environ, start_response)
        finally:
            if acquired:
                lock.release()
                with self._rendering_lock:
                    self._rendering.pop(key, None)

    def render(self, key, environ, start_response):
        snapshot = self.store.snapshot()
        started = time.perf_counter()
        environ[PAGE_META] = None  # "answer with a PageMeta": Django's side fills it in
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else _no_write

        result = self.application(environ, capture)
        meta = environ.get(PAGE_META)
        storable = self.storable(environ, captured, meta, self.allowed_vary) and \
            self.same_language(environ, meta)
        # Django's own responses say whether they stream; anything else (a file wrapper) does.
        if not storable or getattr(result, "streaming", True):
            start_response(captured["status"], captured["headers"])
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        created = time.time()
        expires = created + self.timeout
        if meta.expires is not None:
            expires = min(expires, meta.expires)
        tags = meta.tags
        entry = Entry.build(
            key=key, status=captured["status"], headers=captured["headers"], body=body,
            tags=tags, versions=self.store.pin(snapshot, tags), created=created,
            expires=expires, cache_control=self.cache_control,
            variant=environ.get(VARIANT_KEY, ""), vary_on=self.vary_on,
        )
        self.store.put(entry)
        if self.files is not None:
            self.offer_file(entry, environ)
        elapsed = (time.perf_counter() - started) * 1000
        return self.respond(entry, environ, start_response, cache="MISS", timing=elapsed)

    @staticmethod
    def same_language(environ, meta):
        """For a path without language prefix: Django rendered the language the key names."""
        language = environ.get(LANGUAGE_KEY)
        return language is None or meta.language == language

    @staticmethod
    def storable(environ, captured, meta, allowed_vary=_ALLOWED_VARY):
        """A reader's page: GET, 200, described by a PageMeta, no cookie, nothing private."""
        if environ.get("REQUEST_METHOD") != "GET" or meta is None:
            return False
        if not captured.get("status", "").startswith("200"):
            return False
        for name, value in captured["headers"]:
            name = name.lower()
            if name == "set-cookie" or name == "content-encoding":
                return False
            if name == "cache-control" and any(
                word in value.lower() for word in _NOT_STORABLE_CACHE_CONTROL
            ):
                return False
            if name == "vary" and not {
                part.strip().lower() for part in value.split(",")
            } <= allowed_vary:
                return False
        return True


_NOT_MODIFIED_KEEP = {"ETag", "Last-Modified", "Cache-Control", "Vary", "X-Cache"}


def _no_write(data):
    raise RuntimeError("the page cache does not support WSGI write()")
