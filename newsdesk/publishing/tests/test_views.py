import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from newsdesk.publishing.models import Article, Category, Reference, Tag
from newsdesk.publishing.tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    author = make_author("Mara Lindqvist")
    city = Category.objects.create(name="City")
    article = make_article(
        "Ferry returns to the bay", summary="The harbour ferry is back.", category=city,
        body="The **ferry** sails again.", authors=[author], view_count=1234, like_count=7,
        comment_count=3,
    )
    article.tags.add(Tag.objects.create(name="ferries"))
    Reference.objects.create(
        article=article, position=2, title="Timetable", publisher="Port Authority",
        date=datetime.date(2026, 10, 1), url="https://example.org/timetable",
    )
    Reference.objects.create(article=article, position=1, title="Council minutes")
    return article


def test_home_lists_live_articles_newest_first_with_read_more(client, article):
    older = make_article("Older story", days_ago=5)
    make_article("Draft story", status=Article.Status.DRAFT)
    make_article("Future story", published_at=timezone.now() + datetime.timedelta(days=1))

    response = client.get("/en/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Ferry returns to the bay") < html.index("Older story")
    assert "Draft story" not in html and "Future story" not in html
    assert "Read more" in html and older.get_absolute_url() in html
    assert "The harbour ferry is back." in html
    assert "1234 views" in html and "3 comments" in html
    assert "Mara Lindqvist" in html


def test_pinned_articles_lead_the_home_page_only(client, article):
    pinned = make_article("Storm warning stays", days_ago=9, pinned=True)
    make_article("Pinned draft", status=Article.Status.DRAFT, pinned=True)

    home = client.get("/en/").content.decode()
    assert home.index("Storm warning stays") < home.index("Ferry returns to the bay")
    assert '<span class="pinned">Pinned</span>' in home
    assert "Pinned draft" not in home
    assert "置顶" in client.get("/zh-hans/").content.decode()

    month = client.get(f"/en/{pinned.published_at:%Y/%m}/").content.decode()
    assert "Storm warning stays" in month
    assert 'class="pinned"' not in month  # archives stay in date order


def test_home_paginates_ten_per_page(client):
    for number in range(12):
        make_article(f"Story {number:02d}", days_ago=number + 1)
    first = client.get("/en/").content.decode()
    second = client.get("/en/?page=2").content.decode()
    assert first.count('class="teaser"') == 10 and second.count('class="teaser"') == 2
    assert "Story 00" in first and "Story 11" in second
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1e3", "9" * 40, "%00"])
def test_out_of_range_or_malformed_page_numbers_give_404(client, page):
    make_article()
    assert client.get(f"/en/?page={page}").status_code == 404


def test_article_page_shows_everything_a_reader_expects(client, article):
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1 and "Ferry returns to the bay</h1>" in html
    assert "<strong>ferry</strong>" in html
    assert "Views: 1234" in html and "Likes: 7" in html and "3 comments" in html
    assert "References" in html
    assert html.index("Council minutes") < html.index("Timetable")
    assert 'href="https://example.org/timetable" target="_blank" rel="noopener noreferrer' in html
    assert "Port Authority" in html
    assert 'href="/en/tag/ferries/"' in html and 'href="/en/category/city/"' in html
    assert '<article class="article" lang="en">' in html


def test_article_language_is_marked_on_the_article(client):
    article = make_article("青川茶节开幕", language="zh-hans")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="en"' in html and 'lang="zh-Hans"' in html


def test_correction_note_and_updated_date_are_shown(client):
    article = make_article("Corrected", correction="An earlier version misspelt a name.")
    Article.objects.filter(pk=article.pk).update(
        updated_at=article.published_at + datetime.timedelta(hours=3)
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "An earlier version misspelt a name." in html and "Updated" in html


def test_article_with_wrong_date_in_url_redirects_to_canonical(client, article):
    response = client.get(f"/en/1999/01/{article.slug}/")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    "path",
    ["/en/2026/11/no-such-article/", "/en/category/nothing/", "/en/tag/nothing/",
     "/en/author/nobody/", "/en/2026/13/", "/en/nonsense/", "/en/2026/00/"],
)
def test_unknown_pages_give_a_friendly_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_drafts_and_scheduled_articles_are_404_for_readers(client):
    draft = make_article("Secret draft", status=Article.Status.DRAFT)
    scheduled = make_article("Later", published_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_preview_shows_drafts_to_staff_only(client):
    draft = make_article("Secret draft", status=Article.Status.DRAFT)
    url = f"/en/preview/{draft.pk}/"
    assert client.get(url).status_code == 302
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Secret draft" in response.content.decode()
    assert "draft and not visible to readers" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"


def test_archives_by_category_include_subcategories(client):
    city = Category.objects.create(name="City")
    transport = Category.objects.create(name="Transport", parent=city)
    make_article("Bus lanes", category=transport)
    make_article("Kelp study", category=Category.objects.create(name="Science"))
    html = client.get(city.get_absolute_url()).content.decode()
    assert "Bus lanes" in html and "Kelp study" not in html
    assert "Category: City" in html


def test_archives_by_tag_author_and_month(client, article):
    make_article("Other", days_ago=60)
    moment = timezone.localtime(article.published_at)
    for url in (
        "/en/tag/ferries/", article.authors.get().get_absolute_url(),
        f"/en/{moment.year}/{moment.month:02d}/",
    ):
        html = client.get(url).content.decode()
        assert "Ferry returns to the bay" in html, url
        assert "Other" not in html, url


def test_reading_pages_sets_no_cookie(client, article):
    for url in ("/", "/en/", "/zh-hans/", article.get_absolute_url(), "/en/tag/ferries/",
                "/en/no-such-page/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
        assert not response.cookies, f"{url} set {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers


def test_root_redirects_by_accept_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Location"] == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")["Location"] == "/en/"


def test_chinese_interface_and_language_switcher(client, article):
    html = client.get(f"/zh-hans{article.get_absolute_url()[3:]}").content.decode()
    assert '<html lang="zh-Hans"' in html
    assert "参考资料" in html and "浏览量：1234" in html
    assert f'href="{article.get_absolute_url()}"' in html  # switcher back to English
    assert "年" in html  # dates in the Chinese locale format


def test_user_text_is_escaped(client):
    make_article('<script>alert("title")</script>', summary="<b>bold</b>")
    html = client.get("/en/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_categories_show_their_chinese_names_in_the_chinese_interface(client):
    culture = Category.objects.create(name="Culture", translations={"zh-hans": {"name": "文化"}})
    make_article("Library reopens", category=culture)
    chinese = client.get("/zh-hans/").content.decode()
    english = client.get("/en/").content.decode()
    assert ">文化</a>" in chinese and ">Culture</a>" not in chinese
    assert ">Culture</a>" in english


def test_server_errors_show_a_friendly_page_without_details(client, settings, monkeypatch):
    from newsdesk.publishing import views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views.HomeView, "get", explode)
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and "secret internal detail" not in html
