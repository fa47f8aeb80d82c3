import datetime
import io

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree
from PIL import Image

from newsdesk.publishing.models import Article, Category, Reference, Tag
from newsdesk.publishing.tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

SCOPES = ["", "category/transport/", "tag/ferries/", "author/mara-lindqvist/"]
FORMATS = ["feed/", "feed/atom/"]


def parse(client, url):
    """The feed at url, parsed by feedparser and by lxml's strict XML parser."""
    response = client.get(url)
    assert response.status_code == 200, url
    etree.fromstring(response.content, etree.XMLParser(recover=False, resolve_entities=False))
    return response, feedparser.parse(response.content)


@pytest.fixture
def story():
    author = make_author("Mara Lindqvist")
    second = make_author("Chen Yutong")
    transport = Category.objects.create(name="Transport", slug="transport")
    article = make_article(
        "Ferry & bus <fares> frozen", summary="Fares stay at $4.50 until June.",
        body="The **ferry** runs again.\n\n![Dock](/media/dock.jpg)", category=transport,
        authors=[author, second], correction="An earlier version gave the wrong fare.",
    )
    article.tags.add(Tag.objects.create(name="ferries", slug="ferries"))
    Reference.objects.create(article=article, position=1, title="Timetable",
                             publisher="Transit Commission", date=datetime.date(2026, 11, 1),
                             url="https://example.org/timetable")
    return article


@pytest.mark.parametrize("kind", FORMATS)
def test_feed_items_carry_title_link_summary_authors_dates_categories_and_references(
    client, story, kind
):
    """Everything a feed reader shows: the full article with its references, by default."""
    _response, feed = parse(client, f"/en/{kind}")
    entry = feed.entries[0]
    assert entry.title == "Ferry & bus <fares> frozen"
    assert entry.link == f"http://127.0.0.1:8000{story.get_absolute_url()}"
    assert "Fares stay at $4.50 until June." in entry.summary
    assert {author.name for author in entry.authors} == {"Mara Lindqvist", "Chen Yutong"}
    assert entry.published_parsed is not None
    if "atom" in kind:
        assert entry.updated_parsed is not None
    assert {tag.term for tag in entry.tags} == {"Transport", "ferries"}
    assert entry.id.startswith("tag:127.0.0.1,") and entry.id.endswith(f":article:{story.pk}")
    content = entry.content[0].value
    assert "<strong>ferry</strong>" in content
    assert "References" in content and 'href="https://example.org/timetable"' in content
    assert "Transit Commission" in content
    assert "An earlier version gave the wrong fare." in content
    assert 'src="http://127.0.0.1:8000/media/dock.jpg"' in content, "relative URLs made absolute"
    assert feed.feed.title == "newsdesk"
    assert feed.feed.language == "en"


def test_atom_entries_carry_author_pages_and_their_own_language(client, story):
    story.language = "zh-hans"
    story.save()
    _response, feed = parse(client, "/en/feed/atom/")
    entry = feed.entries[0]
    assert "http://127.0.0.1:8000/en/author/mara-lindqvist/" in {a.href for a in entry.authors}
    assert entry.content[0].language == "zh-Hans"
    assert feed.feed.language == "en"


@pytest.mark.parametrize("kind", FORMATS)
def test_summary_only_setting_leaves_the_full_text_out(client, story, settings, kind):
    settings.SYNDICATION_FEED_FULL_CONTENT = False
    _response, feed = parse(client, f"/en/{kind}")
    entry = feed.entries[0]
    assert "content" not in entry
    assert "ferry</strong>" not in entry.summary
    assert "Fares stay at $4.50" in entry.summary


@pytest.mark.parametrize("kind", FORMATS)
def test_featured_image_becomes_an_enclosure(client, settings, tmp_path, kind):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    article = make_article("With a picture", featured_image_alt="A red square")
    article.featured_image = SimpleUploadedFile("red.jpg", buffer.getvalue())
    article.save()
    _response, feed = parse(client, f"/en/{kind}")
    enclosure = feed.entries[0].enclosures[0]
    assert enclosure.href.startswith("http://127.0.0.1:8000/media/articles/")
    assert enclosure.type == "image/jpeg"
    # The stored file, re-encoded without metadata by the upload checks.
    assert int(enclosure.length) == article.featured_image.size


@pytest.mark.parametrize("kind", FORMATS)
def test_hostile_text_and_control_characters_keep_the_feed_valid(client, kind):
    make_article("Bell \x07 and <script>alert(1)</script> & ]]>",
                 summary="Vertical \x0b tab", body="Form \x0c feed & <b>bold</b>")
    _response, feed = parse(client, f"/en/{kind}")
    assert feed.bozo == 0
    assert feed.entries[0].title == "Bell  and <script>alert(1)</script> & ]]>"


def test_category_feed_includes_subcategories_and_excludes_others(client):
    city = Category.objects.create(name="City", slug="city")
    transport = Category.objects.create(name="Transport", slug="transport", parent=city)
    make_article("Ferry news", category=transport)
    make_article("Council news", category=city)
    make_article("Tea festival", category=Category.objects.create(name="Culture"))
    _response, feed = parse(client, "/en/category/city/feed/")
    assert {entry.title for entry in feed.entries} == {"Ferry news", "Council news"}


def test_feeds_leave_out_drafts_and_scheduled_articles(client):
    make_article("Live story")
    make_article("Draft story", status=Article.Status.DRAFT)
    make_article("Future story", days_ago=-1)
    _response, feed = parse(client, "/en/feed/")
    assert [entry.title for entry in feed.entries] == ["Live story"]


def test_feed_of_an_unknown_category_tag_or_author_is_404(client):
    for url in ("/en/category/nope/feed/", "/en/tag/nope/feed/atom/", "/en/author/nope/feed/"):
        assert client.get(url).status_code == 404


def test_feed_lists_at_most_the_configured_number_of_items(client, settings):
    settings.SYNDICATION_FEED_ITEMS = 3
    for number in range(5):
        make_article(f"Story {number}", days_ago=number + 1)
    _response, feed = parse(client, "/en/feed/")
    assert [entry.title for entry in feed.entries] == ["Story 0", "Story 1", "Story 2"]


@pytest.mark.usefixtures("demo")
class TestFeedsOfTheDemoNewsroom:
    @pytest.mark.parametrize("language", ["en", "zh-hans"])
    @pytest.mark.parametrize("scope", SCOPES)
    @pytest.mark.parametrize("kind", FORMATS)
    def test_every_feed_is_valid_for_feedparser_and_strict_xml(
        self, client, language, scope, kind
    ):
        """Site, category, tag and author feeds, RSS and Atom, in both languages: no bozo."""
        response, feed = parse(client, f"/{language}/{scope}{kind}")
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert feed.version == ("atom10" if "atom" in kind else "rss20")
        assert feed.entries
        assert response["Content-Type"].startswith(
            "application/atom+xml" if "atom" in kind else "application/rss+xml"
        )
        for entry in feed.entries:
            assert entry.link.startswith(f"http://127.0.0.1:8000/{language}/")

    def test_chinese_feed_uses_chinese_titles_and_language_prefixed_links(self, client):
        _response, feed = parse(client, "/zh-hans/category/culture/feed/")
        assert feed.feed.language == "zh-Hans"
        assert feed.feed.link == "http://127.0.0.1:8000/zh-hans/category/culture/"
        assert any("青川" in entry.title for entry in feed.entries)
        _response, site = parse(client, "/zh-hans/feed/")
        assert site.feed.description == "newsdesk 的最新新闻。"

    def test_pages_announce_their_feeds_in_the_head(self, client):
        home = client.get("/en/").content.decode()
        assert '<link rel="alternate" type="application/rss+xml" title="newsdesk (RSS)" ' \
               'href="http://127.0.0.1:8000/en/feed/">' in home
        assert 'type="application/atom+xml"' in home and "/en/feed/atom/" in home
        category = client.get("/zh-hans/category/culture/").content.decode()
        assert 'href="http://127.0.0.1:8000/zh-hans/category/culture/feed/"' in category
        assert 'href="http://127.0.0.1:8000/zh-hans/category/culture/feed/atom/"' in category
        tag = client.get("/en/tag/ferries/").content.decode()
        assert "/en/tag/ferries/feed/" in tag
        author = client.get("/en/author/mara-lindqvist/").content.decode()
        assert "/en/author/mara-lindqvist/feed/atom/" in author

    def test_feeds_set_no_cookie(self, client):
        response = client.get("/en/feed/")
        assert not response.cookies
