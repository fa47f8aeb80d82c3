"""Rows as the Content API shows them (the shapes are in schemas.py)."""

from django.conf import settings
from django.utils import translation

from newsdesk.core.languages import bcp47


def absolute(path):
    return settings.NEWSDESK_BASE_URL.rstrip("/") + path


def site_url(obj, language=None):
    """An object's page on the site, in `language` (default: the site's)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return absolute(obj.get_absolute_url())


def file_url(field):
    url = field.url
    return url if url.startswith(("http://", "https://")) else absolute(url)


def image(field, alt="", width=None, height=None):
    if not field:
        return None
    return {"url": file_url(field), "width": width, "height": height, "alt": alt}


def in_every_language(obj, field):
    """{BCP 47 tag: text} for every site language that has one (the default always)."""
    texts = {bcp47(code): obj.translation(code, field) for code, _name in settings.LANGUAGES}
    return {tag: text for tag, text in texts.items() if text}


def section_ref(category):
    if category is None:
        return None
    return {"slug": category.slug, "name": category.name,
            "names": in_every_language(category, "name"), "url": site_url(category)}


def section(category):
    return {
        "id": category.pk, "slug": category.slug, "name": category.name,
        "names": in_every_language(category, "name"), "description": category.description,
        "descriptions": in_every_language(category, "description"),
        "parent": category.parent.slug if category.parent_id else None,
        "url": site_url(category),
    }


def tag(item):
    return {"id": item.pk, "slug": item.slug, "name": item.name, "url": site_url(item)}


def author(item):
    photo = None
    if item.photo:
        photo = {"url": file_url(item.photo), "width": None, "height": None, "alt": item.name}
    return {"id": item.pk, "slug": item.slug, "name": item.name, "bio": item.bio,
            "url": site_url(item), "photo": photo}


def story(article):
    return {
        "id": article.pk,
        "slug": article.slug,
        "url": site_url(article, article.language),
        "title": article.title,
        "summary": article.summary,
        "language": bcp47(article.language),
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "section": section_ref(article.category),
        "tags": [{"slug": t.slug, "name": t.name, "url": site_url(t)} for t in article.tags.all()],
        "authors": [{"slug": a.slug, "name": a.name, "url": site_url(a)}
                    for a in article.authors.all()],
        "body_html": article.body_html,
        "body_markdown": article.body,
        "image": image(article.featured_image, article.featured_image_alt,
                       article.featured_image_width, article.featured_image_height),
        "references": [
            {"title": r.title, "publisher": r.publisher, "date": r.date, "url": r.url}
            for r in article.references.all()
        ],
        "correction": article.correction,
    }
