"""The Content-Security-Policy, and the seam through which other apps widen it.

The base policy (settings.CONTENT_SECURITY_POLICY) allows only the site's own
files: no inline script, no inline style, no third-party host. Two ways widen it:

- `allow(directive, *sources)`: for the whole site, at start-up (a hash of a
  fixed inline snippet, for example). Rarely needed.
- `register_source_provider(func)`: `func(request)` returns extra sources for
  this one request, as {"script-src": ["https://embed.example"], ...}. The
  consent app registers one that reads the visitor's consent cookie and returns
  the hosts of the snippets declared for the categories granted, so a reader
  who has not consented gets the strict policy and one who has gets exactly the
  hosts they agreed to.

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

_site_sources = {}
_providers = []


def allow(directive, *sources):
    """Add sources to a directive for every response (call from AppConfig.ready)."""
    known = _site_sources.setdefault(directive, [])
    known.extend(source for source in sources if source not in known)


def register_source_provider(provider):
    """Register `provider(request) -> {directive: [sources]}`, asked on every response."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_source_provider(provider):
    if provider in _providers:
        _providers.remove(provider)


def extra_sources(request):
    """Sources added to the base policy for this request: site-wide ones plus providers'."""
    merged = {directive: list(sources) for directive, sources in _site_sources.items()}
    for provider in _providers:
        for directive, sources in (provider(request) or {}).items():
            known = merged.setdefault(directive, [])
            known.extend(source for source in sources if _is_safe_source(source) and
                         source not in known)
    return {directive: sources for directive, sources in merged.items() if sources}


def _is_safe_source(source):
    # A provider may add hosts and hashes; never a keyword that turns the policy off.
    return source.lower() not in {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:",
                                  "https:", "'unsafe-hashes'"}


def response_is_shareable(response):
    """False when the response's policy carries a per-request nonce: never cache it for others."""
    return "'nonce-" not in response.get(HEADER, "")
