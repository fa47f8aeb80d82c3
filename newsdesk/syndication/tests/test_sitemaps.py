import datetime

import pytest
from django.utils import timezone, translation
from lxml import etree

from newsdesk.publishing.models import Article, Category
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml",
      "n": "http://www.google.com/schemas/sitemap-news/0.9"}
SECTIONS = ["/sitemap-articles.xml", "/sitemap-archives.xml", "/sitemap-pages.xml"]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return response, etree.fromstring(response.content)


def parse_w3c(text):
    return datetime.datetime.fromisoformat(text)


@pytest.mark.usefixtures("demo")
class TestSitemapsOfTheDemoNewsroom:
    def test_sitemap_index_is_valid_and_lists_every_section_with_a_date(
        self, client, sitemap_index_schema
    ):
        response, root = fetch(client, "/sitemap.xml")
        sitemap_index_schema.validate(response.content)
        locations = root.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
        assert locations == [f"http://127.0.0.1:8000{url}" for url in SECTIONS] + [
            "http://127.0.0.1:8000/sitemap-news.xml"
        ]
        assert len(root.xpath("//s:sitemap/s:lastmod", namespaces=NS)) == 4

    @pytest.mark.parametrize("url", SECTIONS + ["/sitemap-news.xml"])
    def test_every_section_is_valid_against_the_sitemap_schemas(self, client, sitemap_schema, url):
        response, _root = fetch(client, url)
        sitemap_schema.validate(response.content)
        assert "noindex" in response["X-Robots-Tag"]

    def test_articles_are_listed_in_both_languages_with_hreflang_alternates(self, client):
        _response, root = fetch(client, "/sitemap-articles.xml")
        live = Article.objects.published()
        locations = root.xpath("//s:url/s:loc/text()", namespaces=NS)
        assert len(locations) == 2 * live.count()
        article = live.get(slug="harbour-ferry-returns")
        english = f"http://127.0.0.1:8000{article.get_absolute_url()}"
        url = root.xpath(f"//s:url[s:loc='{english}']", namespaces=NS)[0]
        alternates = {link.get("hreflang"): link.get("href")
                      for link in url.xpath("x:link", namespaces=NS)}
        assert alternates == {
            "en": english,
            "zh-Hans": english.replace("/en/", "/zh-hans/"),
            "x-default": english.replace("/en/", "/"),
        }

    def test_lastmod_is_the_real_time_of_the_last_update(self, client):
        _response, root = fetch(client, "/sitemap-articles.xml")
        article = Article.objects.get(slug="sea-wall-vote")
        english = f"http://127.0.0.1:8000{article.get_absolute_url()}"
        lastmod = root.xpath(f"//s:url[s:loc='{english}']/s:lastmod/text()", namespaces=NS)[0]
        assert parse_w3c(lastmod) == article.updated_at.replace(microsecond=0)
        assert article.updated_at > article.published_at

    def test_archives_list_categories_tags_authors_and_months(self, client):
        _response, root = fetch(client, "/sitemap-archives.xml")
        locations = set(root.xpath("//s:url/s:loc/text()", namespaces=NS))
        base = "http://127.0.0.1:8000"
        assert f"{base}/en/category/transport/" in locations
        assert f"{base}/zh-hans/tag/ferries/" in locations
        assert f"{base}/en/author/chen-yutong/" in locations
        month = timezone.localtime(Article.objects.published().first().published_at)
        assert f"{base}/en/{month.year}/{month.month:02d}/" in locations

    def test_news_sitemap_has_the_last_two_days_in_their_own_language(self, client):
        _response, root = fetch(client, "/sitemap-news.xml")
        since = timezone.now() - datetime.timedelta(hours=48)
        recent = Article.objects.published().filter(published_at__gte=since)
        urls = root.xpath("//s:url", namespaces=NS)
        assert len(urls) == recent.count() >= 2
        for article in recent:
            with translation.override(article.language):
                location = f"http://127.0.0.1:8000{article.get_absolute_url()}"
            url = root.xpath(f"//s:url[s:loc='{location}']", namespaces=NS)[0]
            news = url.xpath("n:news", namespaces=NS)[0]
            assert news.findtext("n:publication/n:name", namespaces=NS) == "newsdesk"
            assert news.findtext("n:publication/n:language", namespaces=NS) == (
                "zh-cn" if article.language == "zh-hans" else "en"
            )
            assert news.findtext("n:title", namespaces=NS) == article.title
            published = parse_w3c(news.findtext("n:publication_date", namespaces=NS))
            assert published == article.published_at.replace(microsecond=0)

    def test_robots_txt_names_the_sitemaps_and_keeps_crawlers_out_of_search_and_admin(
        self, client
    ):
        response = client.get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        lines = response.content.decode().splitlines()
        assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines
        assert "Sitemap: http://127.0.0.1:8000/sitemap-news.xml" in lines
        for path in ("/admin/", "/en/search/", "/zh-hans/search/", "/en/preview/"):
            assert f"Disallow: {path}" in lines
        assert lines[0] == "User-agent: *"


def test_sitemaps_leave_out_drafts_scheduled_and_old_news(client):
    live = make_article("Live today", days_ago=0.5)
    old = make_article("Old story", days_ago=5)
    make_article("Draft", status=Article.Status.DRAFT)
    make_article("Scheduled", days_ago=-2)
    _response, articles = fetch(client, "/sitemap-articles.xml")
    listed = " ".join(articles.xpath("//s:loc/text()", namespaces=NS))
    assert live.slug in listed and old.slug in listed
    assert "draft" not in listed and "scheduled" not in listed
    _response, news = fetch(client, "/sitemap-news.xml")
    listed = " ".join(news.xpath("//s:loc/text()", namespaces=NS))
    assert live.slug in listed and old.slug not in listed


def test_an_empty_site_still_has_a_valid_index(client, sitemap_index_schema):
    response, root = fetch(client, "/sitemap.xml")
    sitemap_index_schema.validate(response.content)
    assert root.xpath("//s:loc/text()", namespaces=NS) == [
        "http://127.0.0.1:8000/sitemap-pages.xml"
    ]


def test_news_sitemap_stays_valid_with_control_characters_in_a_title(client, sitemap_schema):
    make_article("Bell \x07 rings", days_ago=0.1)
    response, root = fetch(client, "/sitemap-news.xml")
    sitemap_schema.validate(response.content)
    assert root.findtext(".//n:title", namespaces=NS) == "Bell  rings"


def test_unknown_sections_and_pages_are_404(client):
    make_article()
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-articles.xml?p=9").status_code == 404
    assert client.get("/sitemap-articles.xml?p=abc").status_code == 404


def test_archive_lastmod_follows_its_newest_article(client):
    city = Category.objects.create(name="City", slug="city")
    make_article("Older", days_ago=3, category=city)
    newest = make_article("Newer", days_ago=1, category=city)
    _response, root = fetch(client, "/sitemap-archives.xml")
    lastmod = root.xpath("//s:url[s:loc='http://127.0.0.1:8000/en/category/city/']/s:lastmod",
                         namespaces=NS)[0].text
    newest.refresh_from_db()
    assert parse_w3c(lastmod) == newest.updated_at.replace(microsecond=0)
