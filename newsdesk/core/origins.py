"""Which sites are this one: the origins a form or a Referer may come from."""

from urllib.parse import urlsplit

from django.conf import settings


def origin_of(url):
    """'https://news.example.org' for any URL on that site; '' for one without a host."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def allowed_origins(request):
    """The base URL's origin, the one this request came to, and CSRF_TRUSTED_ORIGINS."""
    origins = {origin_of(settings.NEWSDESK_BASE_URL), origin_of(request.build_absolute_uri("/"))}
    origins.update(origin_of(url) for url in getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    return origins - {""}


def same_origin(request):
    """True unless the browser says the form was sent from another site.

    For forms on cached pages, which carry no CSRF cookie (comments, newsletter
    sign-up). Browsers send Origin with every POST; older ones at least
    Sec-Fetch-Site or Referer. A request with none of them does not come from a
    browser, so it cannot be a forgery riding on a reader's browser.
    """
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin.lower() in allowed_origins(request)
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    referer = request.headers.get("Referer")
    if referer:
        return origin_of(referer) in allowed_origins(request)
    return True
