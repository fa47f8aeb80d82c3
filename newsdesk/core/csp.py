"""The Content-Security-Policy seam: how apps widen the policy, and SHA-256 sources.

The security app builds each response's policy from settings.CONTENT_SECURITY_POLICY
plus `extra_sources(request)`; apps add to it without importing the security app:

- `allow(directive, *sources)`: for the whole site, at start-up (a hash of a fixed
  inline snippet, `sha256_source(text)`). Rarely needed.
- `register_source_provider(func)`: `func(request)` returns extra sources for this
  one request ({"script-src": ["https://embed.example"], ...}); the consent app's
  gives exactly the hosts of the categories the reader granted.
"""

import base64
import hashlib


def sha256_source(text):
    """The CSP source expression allowing exactly this inline script or style text."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


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
