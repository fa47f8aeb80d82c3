"""Template tags of the discovery slots: page metadata, JSON-LD, feeds, related articles."""

import json

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsdesk.core.languages import bcp47
from newsdesk.syndication import conf, links, related, structured_data
from newsdesk.syndication.search.text import strip_control

register = template.Library()

# What json_script escapes: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
OG_LOCALES = {"en": "en_US", "zh-hans": "zh_CN"}
ARCHIVES = {"publishing:category": "category", "publishing:tag": "tag",
            "publishing:author": "author"}


@register.filter
def w3cdate(moment):
    """A datetime as W3C/ISO 8601 with its offset and no fraction of a second."""
    return moment.replace(microsecond=0).isoformat() if moment else ""


@register.filter
def hreflang(code):
    """A language code as an hreflang value ('zh-hans' -> 'zh-Hans'; 'x-default' as is)."""
    return code if code == "x-default" else bcp47(code)


@register.filter
def xmltext(text):
    """Text without the control characters XML 1.0 cannot carry."""
    return strip_control(str(text))


@register.filter
def news_language(code):
    """Google News language code: ISO 639, with zh-cn and zh-tw for Chinese scripts."""
    return {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}.get(code, code.split("-")[0])


def jsonld(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag
def article_jsonld(article, references=None):
    """NewsArticle and BreadcrumbList for an article page."""
    return jsonld(structured_data.news_article(article, references)) + jsonld(
        structured_data.breadcrumbs(article)
    )


def _view_name(context):
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else None


@register.simple_tag(takes_context=True)
def website_jsonld(context):
    """WebSite with SearchAction, on the first page of the home page only."""
    page = context.get("page_obj")
    if _view_name(context) != "publishing:home" or (page and page.number > 1):
        return ""
    return jsonld(structured_data.website())


@register.simple_tag(takes_context=True)
def feed_links(context):
    """Feeds to announce in <head>: the site's, and the archive's on its pages."""
    site = settings.NEWSDESK_SITE_NAME
    feeds = [
        {"title": f"{site} (RSS)", "url": reverse("syndication:feed"),
         "type": "application/rss+xml"},
        {"title": f"{site} (Atom)", "url": reverse("syndication:feed_atom"),
         "type": "application/atom+xml"},
    ]
    kind = ARCHIVES.get(_view_name(context))
    if kind:
        slug = context["request"].resolver_match.kwargs.get("slug")
        heading = context.get("heading") or slug
        feeds += [
            {"title": f"{heading} (RSS)", "url": reverse(f"syndication:{kind}_feed", args=[slug]),
             "type": "application/rss+xml"},
            {"title": f"{heading} (Atom)",
             "url": reverse(f"syndication:{kind}_feed_atom", args=[slug]),
             "type": "application/atom+xml"},
        ]
    for feed in feeds:
        feed["url"] = links.absolute_url(feed["url"])
    return feeds


def _alternates(path, query):
    alternates = []
    for code, _name in settings.LANGUAGES:
        alternates.append({"hreflang": bcp47(code),
                           "url": links.absolute_url(translate_url(path, code) + query)})
    default = translate_url(path, settings.LANGUAGE_CODE)
    unprefixed = default.replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)
    alternates.append({"hreflang": "x-default", "url": links.absolute_url(unprefixed + query)})
    return alternates


def _social(context, article):
    site = settings.NEWSDESK_SITE_NAME
    if article is not None:
        image = links.featured_image(article)
        return {
            "type": "article", "title": article.title,
            "description": article.summary or article.title,
            "image": image or links.share_image(), "large_image": bool(image),
            "image_alt": (image or {}).get("alt") or site,
        }
    heading = context.get("heading")
    is_home = _view_name(context) == "publishing:home"
    return {
        "type": "website",
        "title": f"{heading} · {site}" if heading and not is_home else site,
        "description": context.get("description")
        or _("News from %(site_name)s") % {"site_name": site},
        "image": links.share_image(), "large_image": False, "image_alt": site,
    }


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Canonical link, hreflang alternates, Open Graph and Twitter data for this page.

    None for pages that must not be indexed (previews, search, errors).
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or context.get("preview") or context.get("noindex") or not match.namespace \
            or match.namespace == "admin":
        return None
    page = context.get("page_obj")
    query = f"?page={page.number}" if page and page.number > 1 else ""
    try:
        alternates = _alternates(request.path, query)
    except NoReverseMatch:
        return None
    article = context.get("article")
    language = get_language()
    return {
        "canonical": links.absolute_url(request.path + query),
        "alternates": alternates,
        "locale": OG_LOCALES.get(language, language.replace("-", "_")),
        "other_locales": [OG_LOCALES.get(code, code.replace("-", "_"))
                          for code, _name in settings.LANGUAGES if code != language],
        "site_name": settings.NEWSDESK_SITE_NAME,
        "twitter_site": conf.get("TWITTER_SITE"),
        "article": article,
        "modified": max(article.updated_at, article.published_at) if article else None,
        **_social(context, article),
    }


@register.simple_tag
def related_articles(article):
    return related.related_articles(article, conf.get("RELATED_ARTICLES"))
