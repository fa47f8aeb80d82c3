import pytest

from newsdesk.publishing.models import Article, Category, Tag
from newsdesk.publishing.tests.factories import make_article
from newsdesk.syndication.related import related_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags():
    names = ("ferry", "harbour", "fares")
    return {name: Tag.objects.create(name=name, slug=name) for name in names}


def test_related_articles_rank_by_shared_tags_then_category(tags):
    transport = Category.objects.create(name="Transport", slug="transport")
    article = make_article("Ferry returns", category=transport)
    article.tags.set(tags.values())
    two_tags = make_article("Harbour fares", days_ago=9)
    two_tags.tags.set([tags["harbour"], tags["fares"]])
    one_tag = make_article("Ferry history", days_ago=1)
    one_tag.tags.set([tags["ferry"]])
    same_category = make_article("Bus lanes", category=transport, days_ago=2)
    make_article("Unrelated")
    make_article("Draft", status=Article.Status.DRAFT, category=transport)
    for number in range(3):
        make_article(f"Old transport {number}", category=transport, days_ago=20 + number)
    related = related_articles(article, 4)
    assert [item.title for item in related] == [
        two_tags.title, one_tag.title, same_category.title, "Old transport 0"]


def test_an_article_with_no_tags_or_category_has_no_related_articles():
    article = make_article("Alone")
    make_article("Other")
    assert related_articles(article) == []


def test_related_articles_follow_the_article_in_their_own_section(client, tags):
    article = make_article("Ferry returns")
    article.tags.set([tags["ferry"]])
    other = make_article("Ferry history")
    other.tags.set([tags["ferry"]])
    html = client.get(article.get_absolute_url()).content.decode()
    section = html[html.index('<section class="related"'):]
    assert '<h2 id="related-heading">Related articles</h2>' in section
    assert f'href="{other.get_absolute_url()}"' in section
    chinese = client.get(article.get_absolute_url().replace("/en/", "/zh-hans/"))
    assert "相关文章" in chinese.content.decode()


def test_no_related_section_when_there_is_nothing_related(client):
    article = make_article("Alone")
    assert 'class="related"' not in client.get(article.get_absolute_url()).content.decode()
