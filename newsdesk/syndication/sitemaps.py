"""sitemap.xml sections and the Google News sitemap.

Every page exists under each language prefix; the sections list both versions
with hreflang alternates (and x-default: the unprefixed address, which sends
each visitor to their language). Addresses use NEWSDESK_BASE_URL.
"""

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from newsdesk.publishing.models import Article, Author, Category, Tag
from newsdesk.syndication import conf, links


class SiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    # 10,000 pages x 2 languages, well under the 50,000 addresses a file may hold.
    limit = 20000

    @property
    def protocol(self):
        return links.protocol()

    def get_domain(self, site=None):
        return links.domain()


class ArticleSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return list(Article.objects.published().order_by("-published_at", "-pk").only(
            "slug", "published_at", "created_at", "updated_at",
        ))

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)


def _latest_update(articles):
    return articles.aggregate(latest=Max("updated_at"))["latest"]


class ArchiveSitemap(SiteSitemap):
    """Category, tag, author and month pages, each dated by its newest article change."""

    changefreq = "daily"

    def items(self):
        published = Article.objects.published()
        items = []
        for category in Category.objects.order_by("name"):
            articles = published.filter(category_id__in=category.descendant_ids())
            items.append((category.get_absolute_url, _latest_update(articles)))
        for model, lookup in ((Tag, "tags"), (Author, "authors")):
            dates = dict(
                published.filter(**{f"{lookup}__isnull": False})
                .values_list(lookup).annotate(latest=Max("updated_at"))
            )
            for row in model.objects.order_by("slug"):
                if row.pk in dates:
                    items.append((row.get_absolute_url, dates[row.pk]))
        months = {}
        for published_at, updated_at in published.values_list("published_at", "updated_at"):
            moment = timezone.localtime(published_at)
            key = (moment.year, moment.month)
            months[key] = max(months.get(key, updated_at), updated_at)
        for (year, month), latest in sorted(months.items(), reverse=True):
            kwargs = {"year": f"{year:04d}", "month": f"{month:02d}"}
            items.append((lambda kwargs=kwargs: reverse("publishing:month", kwargs=kwargs), latest))
        return [item for item in items if item[1] is not None]

    def location(self, item):
        return item[0]()

    def lastmod(self, item):
        return item[1]


class StaticSitemap(SiteSitemap):
    """Pages that are not archives: the home page."""

    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["publishing:home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return _latest_update(Article.objects.published())


class NewsSitemap(SiteSitemap):
    """Articles of the last two days, each in its own language, for Google News."""

    i18n = False
    alternates = False
    x_default = False
    limit = 1000  # Google News reads at most 1,000 articles per news sitemap

    def items(self):
        since = timezone.now() - datetime.timedelta(seconds=conf.get("NEWS_SITEMAP_SECONDS"))
        return list(
            Article.objects.published().filter(published_at__gte=since)
            .order_by("-published_at", "-pk")
        )

    def location(self, article):
        with translation.override(article.language):
            return article.get_absolute_url()

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)


SECTIONS = {
    "articles": ArticleSitemap,
    "archives": ArchiveSitemap,
    "pages": StaticSitemap,
}
