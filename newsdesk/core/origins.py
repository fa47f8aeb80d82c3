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
