"""schema.org structured data (JSON-LD) for articles, breadcrumbs and the site.

Builders return plain dicts; templatetags/syndication.py renders them into
<script type="application/ld+json"> with </script> made harmless.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsdesk.core.languages import bcp47
from newsdesk.syndication import links
from newsdesk.syndication.search.text import strip_control

CONTEXT = "https://schema.org"


def _date(moment):
    return moment.replace(microsecond=0).isoformat() if moment else None


def organization():
    logo = links.publisher_logo()
    image = {"@type": "ImageObject", "url": logo["url"]}
    if logo["width"]:
        image.update(width=logo["width"], height=logo["height"])
    return {
        "@type": "Organization",
        "@id": links.absolute_url("/#organization"),
        "name": settings.NEWSDESK_SITE_NAME,
        "url": links.absolute_url(reverse("publishing:home")),
        "logo": image,
    }


def _person(author):
    return {
        "@type": "Person",
        "name": author.name,
        "url": links.absolute_url(author.get_absolute_url()),
    }


def _citation(reference):
    work = {"@type": "CreativeWork", "name": reference.title}
    if reference.url:
        work["url"] = reference.url
    if reference.publisher:
        work["publisher"] = {"@type": "Organization", "name": reference.publisher}
    if reference.date:
        work["datePublished"] = reference.date.isoformat()
    return work


def news_article(article, references=None):
    """NewsArticle with everything Google's article guidelines and the issue ask for."""
    url = links.absolute_url(article.get_absolute_url())
    image = links.featured_image(article)
    images = [image["url"]] if image else [links.share_image()["url"]]
    references = article.references.all() if references is None else references
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "@id": url + "#article",
        "headline": strip_control(article.title),
        "description": strip_control(article.summary or article.title),
        "image": images,
        "datePublished": _date(article.published_at),
        "dateModified": _date(max(article.updated_at, article.published_at)),
        "author": [_person(author) for author in article.authors.all()] or [organization()],
        "publisher": organization(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": article.language_tag,
        "isAccessibleForFree": True,
        "keywords": ", ".join(tag.name for tag in article.tags.all()),
        "citation": [_citation(reference) for reference in references],
    }
    if article.category:
        data["articleSection"] = article.category.name
    if article.correction:
        data["correction"] = {
            "@type": "CorrectionComment",
            "text": strip_control(article.correction),
            "datePublished": _date(article.updated_at),
        }
    return data


def breadcrumbs(article):
    """Home › category lineage › article."""
    trail = [(_("Home"), reverse("publishing:home"))]
    if article.category:
        trail += [(category.name, category.get_absolute_url())
                  for category in article.category.lineage()]
    trail.append((article.title, article.get_absolute_url()))
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": strip_control(str(name)),
             "item": links.absolute_url(path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def website():
    """WebSite with a SearchAction, so search engines can offer the site's own search."""
    search_url = links.absolute_url(reverse("syndication:search"))
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@type": "WebSite",
                "@id": links.absolute_url("/#website"),
                "name": settings.NEWSDESK_SITE_NAME,
                "url": links.absolute_url(reverse("publishing:home")),
                "inLanguage": bcp47(get_language()),
                "publisher": {"@id": links.absolute_url("/#organization")},
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {"@type": "EntryPoint",
                               "urlTemplate": f"{search_url}?q={{search_term_string}}"},
                    "query-input": "required name=search_term_string",
                },
            },
            organization(),
        ],
    }
