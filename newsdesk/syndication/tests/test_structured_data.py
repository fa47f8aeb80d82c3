import datetime

import extruct
import pytest
from lxml import html as lxml_html

from newsdesk.publishing.models import Article, Category, Reference, Tag
from newsdesk.publishing.tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db
BASE = "http://127.0.0.1:8000"


def extract(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    data = extruct.extract(html, base_url=BASE + url, syntaxes=["json-ld", "opengraph"],
                           uniform=True)
    return html, data


def of_type(data, kind):
    found = []
    for item in data["json-ld"]:
        found += [node for node in item.get("@graph", [item]) if node.get("@type") == kind]
    return found


def head_links(html, rel):
    tree = lxml_html.fromstring(html)
    links = tree.xpath(f"//head/link[@rel='{rel}']")
    return [(link.get("hreflang"), link.get("href")) for link in links]


def meta(html, attribute, name):
    tree = lxml_html.fromstring(html)
    return [tag.get("content") for tag in tree.xpath(f"//head/meta[@{attribute}='{name}']")]


@pytest.fixture
def article():
    city = Category.objects.create(name="City", slug="city")
    transport = Category.objects.create(name="Transport", slug="transport", parent=city)
    article = make_article(
        "Ferry returns", summary="The ferry is back after eight months.", category=transport,
        authors=[make_author("Mara Lindqvist")], days_ago=2,
        correction="An earlier version misstated the fare.",
    )
    article.tags.add(Tag.objects.create(name="ferries", slug="ferries"),
                     Tag.objects.create(name="harbour", slug="harbour"))
    Reference.objects.create(article=article, position=1, title="Dock report",
                             publisher="Transit Commission", date=datetime.date(2026, 11, 20),
                             url="https://example.org/report")
    Reference.objects.create(article=article, position=2, title="Council minutes")
    return article


def test_article_page_has_a_news_article_with_every_required_property(client, article):
    _html, data = extract(client, article.get_absolute_url())
    [news] = of_type(data, "NewsArticle")
    url = BASE + article.get_absolute_url()
    assert news["headline"] == "Ferry returns"
    assert news["description"] == "The ferry is back after eight months."
    assert news["image"] and news["image"][0].startswith(f"{BASE}/static/syndication/")
    assert datetime.datetime.fromisoformat(news["datePublished"]) == \
        article.published_at.replace(microsecond=0)
    assert datetime.datetime.fromisoformat(news["dateModified"]) >= \
        datetime.datetime.fromisoformat(news["datePublished"])
    assert news["author"] == [{"@type": "Person", "name": "Mara Lindqvist",
                               "url": f"{BASE}/en/author/mara-lindqvist/"}]
    publisher = news["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "newsdesk"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].endswith(".png")
    assert publisher["logo"]["width"] == 512 and publisher["logo"]["height"] == 512
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert news["inLanguage"] == "en"
    assert news["articleSection"] == "Transport"
    assert news["keywords"] == "ferries, harbour"
    assert news["citation"] == [
        {"@type": "CreativeWork", "name": "Dock report", "url": "https://example.org/report",
         "publisher": {"@type": "Organization", "name": "Transit Commission"},
         "datePublished": "2026-11-20"},
        {"@type": "CreativeWork", "name": "Council minutes"},
    ]
    assert news["correction"]["@type"] == "CorrectionComment"
    assert news["correction"]["text"] == "An earlier version misstated the fare."


def test_article_without_correction_has_no_correction_property(client):
    article = make_article("Plain story", language="zh-hans")
    _html, data = extract(client, article.get_absolute_url())
    [news] = of_type(data, "NewsArticle")
    assert "correction" not in news
    assert news["inLanguage"] == "zh-Hans"
    assert news["author"][0]["@type"] == "Organization", "the publisher when no byline"


def test_article_page_has_breadcrumbs_through_the_category_lineage(client, article):
    _html, data = extract(client, article.get_absolute_url())
    [breadcrumbs] = of_type(data, "BreadcrumbList")
    items = breadcrumbs["itemListElement"]
    assert [(item["position"], item["name"], item["item"]) for item in items] == [
        (1, "Home", f"{BASE}/en/"),
        (2, "City", f"{BASE}/en/category/city/"),
        (3, "Transport", f"{BASE}/en/category/transport/"),
        (4, "Ferry returns", BASE + article.get_absolute_url()),
    ]


def test_breadcrumbs_are_translated_on_the_chinese_page(client, article):
    _html, data = extract(client, article.get_absolute_url().replace("/en/", "/zh-hans/"))
    [breadcrumbs] = of_type(data, "BreadcrumbList")
    assert breadcrumbs["itemListElement"][0]["name"] == "首页"
    assert breadcrumbs["itemListElement"][0]["item"] == f"{BASE}/zh-hans/"


def test_home_page_has_website_with_search_action_and_no_other_page_does(client, article):
    _html, data = extract(client, "/en/")
    [website] = of_type(data, "WebSite")
    assert website["url"] == f"{BASE}/en/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{BASE}/en/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert of_type(data, "Organization")
    for url in (article.get_absolute_url(), "/en/category/city/", "/en/search/?q=ferry"):
        _html, data = extract(client, url)
        assert not of_type(data, "WebSite"), url


def test_article_page_has_open_graph_and_twitter_card(client, article):
    html, data = extract(client, article.get_absolute_url())
    [og] = data["opengraph"]
    url = BASE + article.get_absolute_url()
    assert og["@type"] == "article"
    assert og["og:title"] == "Ferry returns"
    assert og["og:description"] == "The ferry is back after eight months."
    assert og["og:url"] == url
    assert og["og:site_name"] == "newsdesk"
    assert og["og:image"].startswith(f"{BASE}/static/syndication/share-image")
    assert og["og:locale"] == "en_US"
    assert meta(html, "property", "article:section") == ["Transport"]
    assert meta(html, "property", "article:tag") == ["ferries", "harbour"]
    assert meta(html, "property", "article:author") == [f"{BASE}/en/author/mara-lindqvist/"]
    assert meta(html, "name", "twitter:card") == ["summary"]
    assert meta(html, "name", "twitter:title") == ["Ferry returns"]
    assert meta(html, "name", "description") == ["The ferry is back after eight months."]


def test_twitter_handle_is_announced_when_configured(client, article, settings):
    settings.SYNDICATION_TWITTER_SITE = "@alderbayledger"
    html, _data = extract(client, article.get_absolute_url())
    assert meta(html, "name", "twitter:site") == ["@alderbayledger"]


@pytest.mark.parametrize("path", ["/en/", "/zh-hans/category/city/", "/en/tag/ferries/",
                                  "/en/author/mara-lindqvist/", "ARTICLE", "MONTH"])
def test_every_page_has_a_canonical_link_and_hreflang_alternates(client, article, path):
    if path == "ARTICLE":
        path = article.get_absolute_url()
    elif path == "MONTH":
        path = article.get_absolute_url().rsplit("/", 2)[0] + "/"
    html, data = extract(client, path)
    assert head_links(html, "canonical") == [(None, BASE + path)]
    english = path.replace("/zh-hans/", "/en/")
    assert head_links(html, "alternate")[-3:] == [
        ("en", BASE + english),
        ("zh-Hans", BASE + english.replace("/en/", "/zh-hans/")),
        ("x-default", BASE + english.replace("/en/", "/")),
    ]
    assert data["opengraph"][0]["og:url"] == BASE + path


def test_paginated_listing_is_canonical_to_its_own_page(client):
    for number in range(12):
        make_article(f"Story {number}", days_ago=number + 1)
    html, _data = extract(client, "/en/?page=2&utm_source=x")
    assert head_links(html, "canonical") == [(None, f"{BASE}/en/?page=2")]
    assert ("zh-Hans", f"{BASE}/zh-hans/?page=2") in head_links(html, "alternate")


def test_listing_pages_describe_themselves_in_open_graph(client):
    Category.objects.create(name="Culture", slug="culture", description="Libraries and arts.")
    _html, data = extract(client, "/en/category/culture/")
    [og] = data["opengraph"]
    assert og["@type"] == "website"
    assert og["og:title"] == "Category: Culture · newsdesk"
    assert og["og:description"] == "Libraries and arts."


def test_json_ld_cannot_be_broken_out_of_by_article_text(client):
    article = make_article('</script><script>alert("x")</script> & <!--',
                           summary="</SCRIPT> <b>bold</b>", correction="</script>")
    html, data = extract(client, article.get_absolute_url())
    tree = lxml_html.fromstring(html)
    assert not [s for s in tree.xpath("//script") if "alert" in (s.text or "")
                and s.get("type") != "application/ld+json"]
    [news] = of_type(data, "NewsArticle")
    assert news["headline"] == '</script><script>alert("x")</script> & <!--'
    assert news["description"] == "</SCRIPT> <b>bold</b>"
    assert "</script><script>" not in html.split("<body")[0].replace("&lt;", "")


def test_previews_carry_no_structured_data_and_no_canonical(admin_client):
    draft = make_article("Secret draft", status=Article.Status.DRAFT)
    html = admin_client.get(f"/en/preview/{draft.pk}/").content.decode()
    assert "application/ld+json" not in html
    assert 'rel="canonical"' not in html
    assert not head_links(html, "canonical") and not [
        link for link in head_links(html, "alternate") if link[0]]


def test_search_and_missing_pages_have_no_canonical(client):
    for url in ("/en/search/?q=x", "/en/no-such-page/"):
        html = client.get(url).content.decode()
        assert 'rel="canonical"' not in html, url
