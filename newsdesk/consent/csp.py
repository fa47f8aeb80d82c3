"""What the Content-Security-Policy must allow for the snippets and embeds the site declared.

Declared snippets stay inert (`type="text/plain"`) until consent.js activates
them for a granted category, and known embeds stay behind a placeholder, so the
policy may allow them ahead of consent without anything running before it: the
policy's job is to refuse code nobody declared. Inline snippet scripts are
allowed by hash, external ones by origin; embeds of known providers by origin in
frame-src. Pages are cached for everyone, so the answer must not depend on the
reader's own choice (it changes only when an admin changes snippets, which
refreshes every cached page).
"""

import re
from urllib.parse import urlsplit

from newsdesk.consent import knowledge, services

SOURCE = re.compile(r"""<(script|iframe|img)\b[^>]*\bsrc\s*=\s*["']?(https?://[^"'\s>]+)""", re.I)


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else None


def sources(request):
    """{directive: [sources]} for the security app's policy (newsdesk.security.csp)."""
    from newsdesk.consent.models import Snippet

    if request.path.startswith(("/api/", "/static/", "/media/")):
        return {}  # data, not pages: no snippet ever runs there, and beacons stay query-free
    found = {"script-src": [], "connect-src": [], "img-src": [], "frame-src": []}
    for code in Snippet.objects.filter(enabled=True).values_list("code", flat=True):
        for tag, url in SOURCE.findall(code):
            origin = _origin(url)
            if not origin:
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
    found["script-src"] += services.inline_script_hashes()
    for domain, known in knowledge.domains().items():
        if known.category == "functional":
            found["frame-src"] += [f"https://{domain}", f"https://*.{domain}"]
    return {directive: list(dict.fromkeys(values)) for directive, values in found.items()}
