"""RSS 2.0 and Atom 1.0 feeds of the whole site, a category, a tag or an author.

Each feed exists under each language prefix (/en/feed/, /zh-hans/feed/atom/):
the language sets the feed's own titles and the addresses of its items, as the
reader's pages do; the items are the same articles the matching page lists.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsdesk.core.languages import bcp47
from newsdesk.publishing.models import Article, Author, Category, Tag
from newsdesk.syndication import conf, links
from newsdesk.syndication.feedformats import NewsAtomFeed, NewsRssFeed
from newsdesk.syndication.search.text import strip_control


class ArticleFeed(Feed):
    """The newest published articles of the site; subclasses narrow it down."""

    feed_type = NewsRssFeed
    url_name = "feed"

    def site_name(self):
        return settings.NEWSDESK_SITE_NAME

    # The feed.

    def title(self, obj):
        return self.site_name()

    def description(self, obj):
        return _("The latest news from %(site)s.") % {"site": self.site_name()}

    def page_url(self, obj):
        return reverse("publishing:home")

    def link(self, obj):
        return links.absolute_url(self.page_url(obj))

    def feed_url(self, obj):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return links.absolute_url(reverse(f"syndication:{self.url_name}", kwargs=kwargs))

    def feed_guid(self, obj):
        return self.feed_url(obj)

    def author_name(self, obj):
        return self.site_name()

    def author_link(self, obj):
        return links.absolute_url(reverse("publishing:home"))

    def feed_copyright(self, obj):
        return f"© {self.site_name()}"

    @property
    def language(self):
        return bcp47(get_language())

    def feed_extra_kwargs(self, obj):
        return {"image": links.publisher_logo()["url"]}

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return (
            self.articles(obj).select_related("category")
            .prefetch_related("authors", "tags", "references")
            .order_by("-published_at", "-pk")[: conf.get("FEED_ITEMS")]
        )

    # Each item.

    def item_title(self, item):
        return strip_control(item.title)

    def item_description(self, item):
        return strip_control(item.summary or item.title)

    def item_link(self, item):
        return links.absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        # A tag URI (RFC 4151) outlives changes of slug, date or language prefix.
        return f"tag:{links.domain().split(':')[0]},{item.created_at:%Y-%m-%d}:article:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        names = [item.category.name] if item.category else []
        return names + [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        image = links.featured_image(item)
        if not image:
            return []
        return [Enclosure(image["url"], str(image["length"]), image["type"])]

    def item_extra_kwargs(self, item):
        extra = {
            "authors": [
                (author.name, links.absolute_url(author.get_absolute_url()))
                for author in item.authors.all()
            ],
            "language": item.language_tag,
        }
        if conf.get("FEED_FULL_CONTENT"):
            extra["content"] = strip_control(self.item_content(item))
        return extra

    def item_content(self, item):
        """The whole article as HTML: image, correction, body and references."""
        return links.absolutize_html(render_to_string("syndication/feed_content.html", {
            "article": item,
            "image": links.featured_image(item),
            "references": list(item.references.all()),
        }))


class ArticleAtomFeed(ArticleFeed):
    feed_type = NewsAtomFeed
    url_name = "feed_atom"


class CategoryFeed(ArticleFeed):
    url_name = "category_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {self.site_name()}"

    def description(self, obj):
        return obj.description or _("The latest articles in %(name)s.") % {"name": obj.name}

    def page_url(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(category_id__in=obj.descendant_ids())


class CategoryAtomFeed(CategoryFeed):
    feed_type = NewsAtomFeed
    url_name = "category_feed_atom"


class TagFeed(ArticleFeed):
    url_name = "tag_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {self.site_name()}"

    def description(self, obj):
        return _("The latest articles tagged %(name)s.") % {"name": obj.name}

    def page_url(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(TagFeed):
    feed_type = NewsAtomFeed
    url_name = "tag_feed_atom"


class AuthorFeed(ArticleFeed):
    url_name = "author_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {self.site_name()}"

    def description(self, obj):
        return _("The latest articles by %(name)s.") % {"name": obj.name}

    def page_url(self, obj):
        return obj.get_absolute_url()

    def articles(self, obj):
        return Article.objects.published().filter(authors=obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = NewsAtomFeed
    url_name = "author_feed_atom"
