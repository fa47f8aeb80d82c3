from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from newsdesk.core.bundles import BUNDLE_CSS, BUNDLE_JS, has_script

register = template.Library()


@register.simple_tag
def bundle_links():
    """The site's one stylesheet, and its one deferred script when any app ships JS."""
    links = format_html('<link rel="stylesheet" href="{}">', static(BUNDLE_CSS))
    if has_script():
        links += format_html('\n<script src="{}" defer></script>', static(BUNDLE_JS))
    return links
