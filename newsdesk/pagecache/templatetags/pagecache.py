from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from newsdesk.pagecache.assets import BUNDLE_CSS, BUNDLE_JS, has_script
from newsdesk.pagecache.services import depends_on

register = template.Library()


@register.simple_tag(takes_context=True)
def cache_depends_on(context, *tags):
    """`{% cache_depends_on "listings" %}`: this page also shows what the tags stand for.

    For slot templates that add to an article page something from other
    articles (related stories): editing any article then refreshes this page too.
    """
    request = context.get("request")
    if request is not None:
        depends_on(request, *tags)
    return ""


@register.simple_tag
def bundle_links():
    """The site's one stylesheet, and its one deferred script when any app ships JS."""
    links = format_html('<link rel="stylesheet" href="{}">', static(BUNDLE_CSS))
    if has_script():
        links += format_html('\n<script src="{}" defer></script>', static(BUNDLE_JS))
    return links
