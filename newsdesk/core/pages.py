"""The page cache's seam into Django: what a rendered page depends on, and how it varies.

The page cache (newsdesk/pagecache/) sits in front of Django as a WSGI wrapper
and meets Django only through this module, which imports neither of them:

- `PAGE_META` is the WSGI environ key the wrapper sets (to None) on a request
  whose answer it may store; Django's side answers it with a `PageMeta`.
- `PageMeta`: the tags the page depends on, when it expires, the language it
  was rendered in. The page cache's middleware makes it from what views declared.
- Views declare what they show with `depends_on(request, *tags)`: an article's
  page `article_tag(pk)`; a page that declares nothing depends on `LISTINGS`
  (every page also depends on `SITE`).
- `vary_pages_on(variant, headers)`: an app whose pages differ by something in
  the request besides path and language (consent: the reader's choice) keeps
  one copy per value; `VARIANT` and `LANGUAGE` are the environ keys the wrapper
  notes a request's variant and negotiated language in.
"""

from dataclasses import dataclass

PAGE_META = "newsdesk.pagecache"
VARIANT = "newsdesk.pagecache.variant"
LANGUAGE = "newsdesk.pagecache.language"

SITE = "site"  # every page
LISTINGS = "listings"  # any page listing articles: home, archives, feeds, sitemaps

_REQUEST_TAGS = "_newsdesk_page_tags"
_variants = []  # (variant(environ) -> str, [request header names])
_query_prefixes = []  # (prefix, excluded prefix below it or None)


def article_tag(pk):
    """The tag of one article's own page."""
    return f"article:{pk}"


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page cache needs to know about a page Django rendered for it."""

    tags: frozenset
    language: str
    expires: float | None = None  # Unix time; None: the cache's own timeout


def depends_on(request, *tags):
    """Declare that the page being rendered for `request` shows what these tags stand for."""
    known = request.__dict__.setdefault(_REQUEST_TAGS, set())
    known.update(tags)


def declared_tags(request):
    """The tags views declared for this request (an empty set when none did)."""
    return request.__dict__.get(_REQUEST_TAGS, set())


def is_cacheable(request):
    """True when the page cache may store this request's answer (it asked for a PageMeta)."""
    return PAGE_META in request.environ


def vary_pages_on(variant, headers):
    """Keep a separate copy of each page per value of `variant(environ)`.

    For a page whose bytes or headers depend on something in the request besides
    its path and language. `variant` runs on every cacheable request before
    Django, so it must be cheap and never touch the database; '' means the
    common copy. `headers` are the request headers it reads: pages say `Vary`
    on them so that nginx, CDNs and browsers keep copies apart too. Call from
    AppConfig.ready().
    """
    if all(known is not variant for known, _headers in _variants):
        _variants.append((variant, list(headers)))


def variants():
    """The registered variant functions, in registration order."""
    return tuple(variant for variant, _headers in _variants)


def vary_headers():
    """The request headers the registered variants read, once each."""
    return tuple(dict.fromkeys(header for _variant, headers in _variants for header in headers))


def cache_queries_under(prefix, exclude=None):
    """Cache the pages under `prefix` with any query string, each query its own page.

    For JSON answers whose filters are query parameters (the Content API, /api/v1/):
    the other rules stay (GET, 200, no cookie, no Authorization, tags), and `prefix`
    may lie under a path that is otherwise never cached (/api/). `exclude`: a prefix
    below it that keeps the usual rules. Call from AppConfig.ready().
    """
    if (prefix, exclude) not in _query_prefixes:
        _query_prefixes.append((prefix, exclude))


def query_prefixes():
    """The registered (prefix, excluded prefix) pairs."""
    return tuple(_query_prefixes)
