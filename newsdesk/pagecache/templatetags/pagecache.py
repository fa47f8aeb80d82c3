from django import template

from newsdesk.core.pages import depends_on

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
