"""What the Content-Security-Policy allows for the snippets and embeds the site declared.

Only after consent: a request gets the sources of the categories in effect for
it (readers.categories_in_effect: the reader's choice, or the opt-out regime's
default) and of Necessary snippets, nothing else. So before a choice the policy
is the strict base one, and a reader who grants Analytics gets exactly the hosts
and inline-script hashes of the Analytics snippets. External scripts are allowed
by origin (with connect-src and img-src, where tags report back), inline ones
by hash, iframes by origin in frame-src; embeds of known providers (YouTube...)
in frame-src when their category is granted.

A script in a Necessary snippet that comes from a known tracker's domain is
blocked by the auto-blocker until its real category is granted
(blocking.neutralise), so its origin follows that category too.

Pages are cached for everyone, so the page cache keys them by the same
categories (apps.py registers `page_variant`) and says `Vary: Cookie`; consent.js
reloads the page when a new choice needs sources the page's policy lacks.
"""

import re
from urllib.parse import urlsplit

from newsdesk.consent import conf, knowledge, readers
from newsdesk.consent.models import CategoryKey
from newsdesk.core.csp import sha256_source
from newsdesk.core.paths import is_reader_path

SOURCE = re.compile(r"""<(script|iframe|img)\b[^>]*\bsrc\s*=\s*["']?(https?://[^"'\s>]+)""", re.I)
INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.I | re.S)
DIRECTIVES = ("script-src", "connect-src", "img-src", "frame-src")


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else None


def sources(request):
    """{directive: [sources]} for the security app's policy (the seam: newsdesk.core.csp)."""
    if not is_reader_path(request.path_info):
        return {}  # no snippet ever runs there, and beacons stay query-free
    return sources_for({CategoryKey.NECESSARY, *readers.categories_for(request)})


def sources_for(granted):
    """The sources the enabled snippets and known embeds of these categories need."""
    from newsdesk.consent.models import Snippet

    found = {directive: [] for directive in DIRECTIVES}
    table = knowledge.domains()
    snippets = Snippet.objects.filter(enabled=True).values_list("code", "category__key")
    for code, category in snippets:
        for tag, url in SOURCE.findall(code):
            origin = _origin(url)
            if not origin or _category_of(url, category, table) not in granted:
                continue
            if tag.lower() == "script":
                # Tags loaded by a snippet report back to their own host.
                found["script-src"].append(origin)
                found["connect-src"].append(origin)
                found["img-src"].append(origin)
            elif tag.lower() == "iframe":
                found["frame-src"].append(origin)
            else:
                found["img-src"].append(origin)
        if category in granted:
            found["script-src"] += [
                sha256_source(body) for body in INLINE_SCRIPT.findall(code)
                if body.strip()
            ]
    for domain, known in table.items():
        if known.category == CategoryKey.FUNCTIONAL and known.category in granted:
            found["frame-src"] += [f"https://{domain}", f"https://*.{domain}"]
    return {directive: list(dict.fromkeys(values)) for directive, values in found.items()
            if values}


def _category_of(url, category, table):
    if category != CategoryKey.NECESSARY:
        return category
    known = knowledge.match_url(url, table)
    return known.category if known else category


def page_variant(environ):
    """The page cache's key part for a WSGI request: the categories in effect, or ''."""
    cookie_header = environ.get("HTTP_COOKIE")
    if (not cookie_header or conf.COOKIE_NAME not in cookie_header) and \
            conf.get("REGIME") == "opt-in":
        return ""  # most readers, on every cache hit: no choice made, nothing granted
    header = conf.get("COUNTRY_HEADER")
    country = environ.get("HTTP_" + header.upper().replace("-", "_")) if header else None
    cookie = _cookie(cookie_header or "", conf.COOKIE_NAME)
    granted = readers.categories_in_effect(
        cookie, country, environ.get("HTTP_SEC_GPC", "").strip() == "1")
    return "consent=" + "+".join(granted) if granted else ""


def page_variant_headers():
    """The request headers page_variant reads, for the pages' Vary header."""
    header = conf.get("COUNTRY_HEADER")
    in_use = conf.get("REGIME") == "by-country" and header
    return ["Cookie", "Sec-GPC", *([header] if in_use else [])]


def _cookie(header, name):
    # Called on every cache hit, before Django: a scan, not a full cookie parse.
    start = 0
    while True:
        at = header.find(name + "=", start)
        if at < 0:
            return None
        if at == 0 or header[at - 1] in "; ":
            value = header[at + len(name) + 1:].split(";", 1)[0].strip()
            return value.strip('"')
        start = at + 1
