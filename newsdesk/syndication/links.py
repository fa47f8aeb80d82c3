"""Absolute addresses for feeds, sitemaps, structured data and social previews.

Everything that leaves the site (a feed item, a sitemap entry, a canonical
link, an og:image) names NEWSDESK_BASE_URL, never the Host header of whoever
asked, so copies fetched through localhost or a proxy still point home.
"""

import functools
import mimetypes
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from newsdesk.syndication import conf

_RELATIVE_ATTRIBUTE = re.compile(r'\b(href|src)="/(?!/)')


def base_url():
    return settings.NEWSDESK_BASE_URL


def domain():
    return urlsplit(base_url()).netloc


def protocol():
    return urlsplit(base_url()).scheme


def is_absolute(url):
    return url.startswith(("http://", "https://"))


def absolute_url(path):
    """The public address of a path on this site ("/en/" -> "https://example.org/en/")."""
    return path if is_absolute(path) else f"{base_url()}{path}"


def absolutize_html(markup):
    """Root-relative links and images in HTML made absolute, for feed readers."""
    return _RELATIVE_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{base_url()}/', markup or "")


def static_file_url(path):
    """The absolute URL of a static file, or the URL itself when it is one already."""
    if is_absolute(path):
        return path
    try:
        return absolute_url(static(path))
    except ValueError:  # not in the manifest (collectstatic not run yet)
        return absolute_url(settings.STATIC_URL + path)


@functools.cache
def _static_image_size(path):
    found = None if is_absolute(path) else finders.find(path)
    if not found:
        return None
    from PIL import Image

    try:
        with Image.open(found) as image:
            return image.size
    except OSError:
        return None


def image(path):
    """A static image as {url, width, height, type}; sizes only for local files."""
    size = _static_image_size(path)
    return {
        "url": static_file_url(path),
        "width": size[0] if size else None,
        "height": size[1] if size else None,
        "type": mimetypes.guess_type(path)[0] or "image/png",
    }


def publisher_logo():
    return image(conf.get("PUBLISHER_LOGO"))


def share_image():
    return image(conf.get("SHARE_IMAGE"))


def featured_image(article):
    """The article's featured image as {url, width, height, type, alt, length}, or None."""
    if not article.featured_image:
        return None
    try:
        length = article.featured_image.size
    except (OSError, ValueError):
        length = 0
    return {
        "url": absolute_url(article.featured_image.url),
        "width": article.featured_image_width,
        "height": article.featured_image_height,
        "type": mimetypes.guess_type(article.featured_image.name)[0] or "image/jpeg",
        "alt": article.featured_image_alt,
        "length": length,
    }
