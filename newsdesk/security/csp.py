"""The Content-Security-Policy: whether a response may be shared, and how policies widen.

The base policy (settings.CONTENT_SECURITY_POLICY) allows only the site's own
files: no inline script, no inline style, no third-party host. Other apps widen
it through the seam in newsdesk.core.csp (so that they need not import this
app): `allow(directive, *sources)` for the whole site at start-up, and
`register_source_provider(func)`, whose `func(request)` returns extra sources
for this one request, as {"script-src": ["https://embed.example"], ...}. The
consent app registers one that reads the visitor's consent cookie and returns
the hosts of the snippets declared for the categories granted, so a reader who
has not consented gets the strict policy and one who has gets exactly the
hosts they agreed to. SecurityHeadersMiddleware adds `extra_sources(request)`.

Why no nonces on reader pages: the page cache stores a page's bytes once and
serves them to everyone, while a nonce must differ on every response. A cached
page would carry a stale nonce and its scripts would be blocked (or, if the
header were cached too, the nonce would be shared and worthless). So reader
pages load scripts only from the site's own files ('self'), and data a script
needs travels in `data-` attributes or `<script type="application/json">`
blocks, which are never executed and need no permission. The header is
computed for each response, in front of the cache, so consent still widens it.
A page that does use `request.csp_nonce` is marked `Cache-Control: private`
and `response_is_shareable()` says False, so no shared cache stores it.
"""

from csp.constants import HEADER


def response_is_shareable(response):
    """False when the response's policy carries a per-request nonce: never cache it for others."""
    return "'nonce-" not in response.get(HEADER, "")
