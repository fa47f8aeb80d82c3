from django import template

from newsdesk.fediverse import actors, conf, objects

register = template.Library()


@register.simple_tag
def fediverse_creators(article):
    """The fediverse handles of a story's authors (for `fediverse:creator` meta tags)."""
    if not conf.get("ENABLED") or article is None or not article.pk:
        return []
    return [actors.handle(actors.for_author(author), author) for author in article.authors.all()]


@register.simple_tag
def fediverse_object(article):
    return objects.story_uri(article) if conf.get("ENABLED") and article and article.pk else ""
