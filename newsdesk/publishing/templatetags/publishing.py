from django import template

from newsdesk.publishing.models import Category

register = template.Library()


@register.simple_tag
def navigation_categories():
    """Top-level categories for the site navigation."""
    return list(Category.objects.filter(parent__isnull=True).order_by("name"))
