import pytest
from django.urls import reverse
from lxml import html as lxml_html

from newsdesk.publishing.models import Article, Category, Tag
from newsdesk.publishing.tests.factories import make_article, make_author
from newsdesk.syndication import search
from newsdesk.syndication.models import SearchDocument

pytestmark = pytest.mark.django_db


def found(query, **filters):
    _query, results = search.search(query, **filters)
    return [hit.article.title for hit in results[0:100]]


def page(client, **params):
    response = client.get("/en/search/", params)
    assert response.status_code == 200
    return response, lxml_html.fromstring(response.content)


def test_english_words_match_their_stems(client):
    make_article("Ferries return to the harbour", body="Two boats are running again.")
    assert found("ferry") == ["Ferries return to the harbour"]
    assert found("run") == ["Ferries return to the harbour"]
    assert found("Harbours") == ["Ferries return to the harbour"]


def test_chinese_words_are_found_inside_chinese_text():
    make_article("青川秋茶节开幕", language="zh-hans", body="老茶农担心手工炒茶后继无人。")
    make_article("青川高铁开通", language="zh-hans", body="票价为四十五元。")
    assert found("秋茶") == ["青川秋茶节开幕"], "a word inside a longer word"
    assert found("茶农") == ["青川秋茶节开幕"]
    assert found("炒茶") == ["青川秋茶节开幕"]
    assert found("青川票价") == ["青川高铁开通"], "words apart in the text, together in the query"
    assert found("青川") == ["青川高铁开通", "青川秋茶节开幕"]
    assert found("茶节开") == ["青川秋茶节开幕"]


def test_title_matches_rank_first():
    make_article("Budget meeting", body="The library " * 20)
    make_article("Library reopens", body="The building is open again.", days_ago=30)
    assert found("library")[0] == "Library reopens"


def test_results_filter_by_category_including_subcategories_and_by_language():
    city = Category.objects.create(name="City", slug="city")
    transport = Category.objects.create(name="Transport", slug="transport", parent=city)
    make_article("Harbour ferry", category=transport)
    make_article("Harbour council", category=city)
    make_article("Harbour festival", category=Category.objects.create(name="Culture"))
    make_article("Harbour 港口", language="zh-hans")
    assert set(found("harbour", category_ids=city.descendant_ids())) == {
        "Harbour ferry", "Harbour council"}
    assert found("harbour", language="zh-hans") == ["Harbour 港口"]


def test_only_live_articles_are_found():
    make_article("Live ferry story")
    make_article("Draft ferry story", status=Article.Status.DRAFT)
    make_article("Scheduled ferry story", days_ago=-1)
    assert found("ferry") == ["Live ferry story"]


def test_index_follows_edits_unpublishing_deletion_and_tags():
    article = make_article("Kelp forest survey")
    assert found("kelp") == ["Kelp forest survey"]
    article.title = "Seagrass survey"
    article.save()
    assert found("kelp") == [] and found("seagrass") == ["Seagrass survey"]
    article.tags.add(Tag.objects.create(name="otters", slug="otters"))
    assert found("otters") == ["Seagrass survey"]
    Tag.objects.filter(slug="otters").update()  # no signal, nothing changes
    tag = Tag.objects.get(slug="otters")
    tag.name = "sea otters"
    tag.save()
    assert found('"sea otters"') == ["Seagrass survey"]
    article.authors.add(make_author("Priya Vasquez"))
    assert found("Vasquez") == ["Seagrass survey"]
    article.status = Article.Status.DRAFT
    article.save()
    assert found("seagrass") == [] and not SearchDocument.objects.exists()
    article.status = Article.Status.PUBLISHED
    article.save()
    assert found("seagrass") == ["Seagrass survey"]
    article.delete()
    assert found("seagrass") == [] and not SearchDocument.objects.exists()


def test_query_syntax_phrases_or_and_exclusion():
    make_article("Sea wall vote", body="The wall by the sea.")
    make_article("Wall mural by the sea")
    make_article("Bike lane plan", body="Parking spaces go.")
    make_article("Bus lane plan")
    assert found('"sea wall"') == ["Sea wall vote"]
    assert set(found("sea wall")) == {"Sea wall vote", "Wall mural by the sea"}
    assert set(found("mural OR bus")) == {"Wall mural by the sea", "Bus lane plan"}
    assert found("lane -parking") == ["Bus lane plan"]
    assert found("lane NOT parking") == ["Bus lane plan"]


def test_search_page_highlights_matches_and_escapes_everything_else(client):
    make_article("<b>Ferry</b> & <script>alert(1)</script>", summary="The <i>ferry</i> is back.")
    response, tree = page(client, q="ferry")
    html = response.content.decode()
    assert "&lt;b&gt;<mark>Ferry</mark>&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "The &lt;i&gt;<mark>ferry</mark>&lt;/i&gt; is back." in html
    assert "<script>alert(1)</script>" not in html
    assert tree.xpath("//main//article[@class='search-hit']//mark")


def test_search_page_paginates_and_keeps_the_filters(client, settings):
    settings.SYNDICATION_SEARCH_PAGE_SIZE = 2
    for number in range(5):
        make_article(f"Ferry story {number}", days_ago=number + 1, language="en")
    _response, tree = page(client, q="ferry", language="en", order="newest")
    titles = [t.text_content() for t in tree.xpath("//article[@class='search-hit']//h2")]
    assert titles == ["Ferry story 0", "Ferry story 1"]
    next_link = tree.xpath("//a[@rel='next']/@href")[0]
    assert next_link == "?q=ferry&language=en&order=newest&page=2"
    _response, tree = page(client, q="ferry", language="en", order="newest", page="3")
    assert [t.text_content() for t in tree.xpath("//article[@class='search-hit']//h2")] == [
        "Ferry story 4"]
    assert "5 articles found" in tree.text_content()
    _response, tree = page(client, q="ferry", page="999")
    assert tree.xpath("//article[@class='search-hit']"), "past the end: the last page"


HOSTILE = [
    "", " ", '"', '""', "'", "\\", "*", "^", ":", "(", ")", "()", "-", "--", "OR", "AND", "NOT",
    "NEAR", "NEAR(ferry bus, 2)", "ferry*", "^ferry", "title:ferry", "{title}: ferry",
    'ferry" OR "1"="1', "ferry AND", "OR ferry OR", "NOT ferry", "- ferry", "(ferry", "ferry)",
    "😀", "ferry 😀 🚢", "🇨🇳", "\x00", "ferry\x00", "\u200b", "\ufeff", "Ω≈ç√", "ｆｅｒｒｙ",
    "a" * 1000, "ferry " * 300, "青" * 1000, "%", "%s", "%(x)s", "'; DROP TABLE x; --",
    "<script>alert(1)</script>", "الحافلة", "паром", "e\u0301", "\ufffd", "\U0010ffff",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_no_query_ever_gives_an_error(client, query):
    """Quotes, operators, emoji, control characters, 1,000-character strings: never a 500."""
    make_article("Ferry news", summary="The ferry is back.")
    for language in ("en", "zh-hans"):
        response = client.get(f"/{language}/search/", {"q": query, "category": query,
                                                       "language": query, "order": query,
                                                       "page": query})
        assert response.status_code == 200


def test_empty_and_symbol_only_queries_get_a_friendly_empty_state(client):
    _response, tree = page(client)
    assert "Type a word or two" in tree.text_content()
    _response, tree = page(client, q="😀 ***")
    assert "nothing to search for" in tree.text_content()
    _response, tree = page(client, q="zzzyzzy")
    text = tree.text_content()
    assert "No articles match “zzzyzzy”." in text and "Check the spelling" in text


def test_search_box_is_in_every_page_header_and_is_accessible(client):
    make_article()
    for url in ("/en/", "/zh-hans/", "/en/search/?q=x"):
        tree = lxml_html.fromstring(client.get(url).content)
        [form] = tree.xpath("//header//form[@role='search']")
        assert form.get("action") == url[:url.index("/", 1)] + "/search/"
        assert form.get("method") == "get" and form.get("aria-label")
        [field] = form.xpath(".//input[@name='q']")
        assert form.xpath(f".//label[@for='{field.get('id')}']")


def test_search_page_sets_no_cookie_and_asks_not_to_be_indexed(client):
    make_article("Ferry")
    response, tree = page(client, q="ferry")
    assert not response.cookies
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex, follow"]
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_search_url_is_translated():
    assert reverse("syndication:search") == "/en/search/"
