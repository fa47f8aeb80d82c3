"""Stories as ActivityPub Articles, and the activities that carry them."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from newsdesk.core.languages import bcp47
from newsdesk.fediverse import actors


def story_uri(article):
    return actors.absolute(reverse("fediverse:story", args=[article.pk]))


def story_url(article):
    with translation.override(article.language):
        return actors.absolute(article.get_absolute_url())


def creator(article):
    """The local actor a story is by: its first author, or the site."""
    author = article.authors.order_by("pk").first()
    return (actors.for_author(author), author) if author else (actors.SITE, None)


def hashtag(tag):
    name = "".join(part.capitalize() for part in tag.name.replace("#", " ").split())
    return {"type": "Hashtag", "name": f"#{name}",
            "href": actors.absolute(tag.get_absolute_url())}


def article_object(article):
    local, author = creator(article)
    by = actors.uri(local, author)
    language = bcp47(article.language)
    url = story_url(article)
    with translation.override(settings.LANGUAGE_CODE):
        tags = [hashtag(tag) for tag in article.tags.all()]
    data = {
        "id": story_uri(article), "type": "Article", "attributedTo": by,
        "name": article.title, "summary": article.summary or None,
        "content": article.body_html, "contentMap": {language: article.body_html},
        "mediaType": "text/html", "url": url,
        "published": (article.published_at or timezone.now()).isoformat(),
        "updated": article.updated_at.isoformat(),
        "to": [actors.PUBLIC], "cc": [by + "/followers"],
        "tag": tags,
    }
    if article.featured_image:
        data["image"] = {"type": "Image", "url": actors.absolute(article.featured_image.url),
                         "name": article.featured_image_alt}
        data["attachment"] = [{**data["image"], "mediaType": "image/jpeg"}]
    return data


def activity(kind, local, author, obj, suffix):
    by = actors.uri(local, author)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    return {"@context": actors.CONTEXT[0], "id": f"{obj['id'] if isinstance(obj, dict) else obj}"
            f"#{suffix}-{stamp}", "type": kind, "actor": by,
            "to": [actors.PUBLIC], "cc": [by + "/followers"], "object": obj,
            "published": timezone.now().isoformat()}
