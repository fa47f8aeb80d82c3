import datetime

import pytest
from django.utils import timezone

from newsdesk.publishing.markdown import render_markdown
from newsdesk.publishing.models import Article, Category
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_slug_is_generated_from_an_english_title():
    article = make_article("Harbour Ferry Returns After 20 Years!")
    assert article.slug == "harbour-ferry-returns-after-20-years"


def test_slug_is_generated_in_pinyin_from_a_chinese_title():
    article = make_article("青川茶节开幕")
    assert article.slug == "qing-chuan-cha-jie-kai-mu"


def test_duplicate_titles_get_distinct_slugs():
    first = make_article("Storm warning")
    second = make_article("Storm warning")
    assert (first.slug, second.slug) == ("storm-warning", "storm-warning-2")


def test_publishing_without_a_time_publishes_now():
    article = Article.objects.create(title="Now", body="x", status=Article.Status.PUBLISHED)
    assert abs((timezone.now() - article.published_at).total_seconds()) < 5


def test_future_publication_time_keeps_article_hidden_until_then():
    future = make_article("Tomorrow", published_at=timezone.now() + datetime.timedelta(hours=2))
    past = make_article("Yesterday")
    draft = make_article("Draft", status=Article.Status.DRAFT)
    assert list(Article.objects.published()) == [past]
    assert future.is_scheduled and not draft.is_live

    Article.objects.filter(pk=future.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert set(Article.objects.published()) == {past, future}


def test_category_lineage_and_descendants():
    city = Category.objects.create(name="City")
    transport = Category.objects.create(name="Transport", parent=city)
    ferries = Category.objects.create(name="Ferries", parent=transport)
    assert ferries.lineage() == [city, transport, ferries]
    assert str(ferries) == "City › Transport › Ferries"
    assert city.descendant_ids() == {city.pk, transport.pk, ferries.pk}


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "href=\"javascript"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "avascript"),
        ('<iframe src="https://tracker.example/"></iframe>', "<iframe"),
        ('<p style="position:fixed">x</p>', "style="),
        ('<svg onload="alert(1)"></svg>', "onload"),
        ("![x](data:text/html;base64,PHNjcmlwdD4=)", "src=\"data"),
    ],
)
def test_markdown_rendering_removes_dangerous_markup(source, forbidden):
    """Scripts, handlers, frames, styles and script URLs never reach the HTML."""
    assert forbidden.lower() not in render_markdown(source).lower()


def test_markdown_keeps_links_images_lists_quotes_tables_and_code():
    html = render_markdown(
        "# Title\n\n[site](https://example.org) ![alt](https://example.org/a.png)\n\n"
        "- one\n- two\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode()\n```\n"
    )
    assert "<h2>Title</h2>" in html and "<h1>" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer">site</a>' in html
    assert 'src="https://example.org/a.png"' in html and 'loading="lazy"' in html
    for tag in ("<ul>", "<blockquote>", "<table>", "<pre><code>"):
        assert tag in html


def test_saving_an_article_renders_its_body():
    article = make_article(body="Hello **world**")
    assert article.body_html.strip() == "<p>Hello <strong>world</strong></p>"
