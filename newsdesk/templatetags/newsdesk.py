from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

from newsdesk.publishing.languages import bcp47 as _bcp47

register = template.Library()


@register.filter
def bcp47(code):
    """'zh-hans' -> 'zh-Hans', for lang and hreflang attributes."""
    return _bcp47(code)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each UI language, as links (no cookie, no POST)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append({
            "code": code,
            "tag": _bcp47(code),
            "name": info["name_local"],
            "url": translate_url(path, code),
            "current": code == current,
        })
    return links
