import functools

from django import template
from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import translate_url
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

from newsdesk.core.languages import bcp47 as _bcp47

register = template.Library()


@register.filter
def bcp47(code):
    """'zh-hans' -> 'zh-Hans', for lang and hreflang attributes."""
    return _bcp47(code)


@register.filter
def datetime_attr(value):
    """An aware datetime as a `datetime` attribute: ISO 8601, local time, whole seconds.

    Django's `date:"c"` keeps six digits of microseconds, which HTML refuses
    (at most three).
    """
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


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


@functools.cache
def _slot_templates(name):
    """Templates `<app_label>/slots/<name>.html` of installed apps, in INSTALLED_APPS order."""
    found = []
    for app_config in apps.get_app_configs():
        template_name = f"{app_config.label}/slots/{name}.html"
        try:
            found.append(get_template(template_name))
        except TemplateDoesNotExist:
            continue
    return found


@register.simple_tag(takes_context=True)
def slot(context, name):
    """Render every installed app's template for the named slot of a page.

    This is how apps add to pages they do not own (the consent banner in every
    page, comments below an article) without the page's app importing them:
    an app ships `templates/<its label>/slots/<slot>.html` and it appears.
    """
    if not _slot_templates(name):
        return ""
    flat = context.flatten()
    request = context.get("request")
    return mark_safe("".join(t.render(flat, request) for t in _slot_templates(name)))
