import pytest
import reversion
from django.contrib.auth.models import Group, User
from reversion.models import Version

from newsdesk.core.roles import ADMINISTRATOR, AUTHOR, EDITOR
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def staff(username, role):
    user = User.objects.create_user(username, password=f"{username}-pass-123", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def article_form(**overrides):
    data = {
        "title": "Night market opens", "slug": "", "language": "en", "summary": "",
        "body": "Stalls and lanterns.", "status": "published", "published_at_0": "",
        "published_at_1": "", "category": "", "tags": [], "featured_image_alt": "",
        "correction": "",
        "references-TOTAL_FORMS": "1", "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0", "references-MAX_NUM_FORMS": "1000",
        "references-0-position": "1", "references-0-title": "Market permit",
        "references-0-publisher": "City Hall", "references-0-date": "2026-11-02",
        "references-0-url": "https://example.org/permit",
    }
    data.update(overrides)
    return data


def test_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {AUTHOR, EDITOR, ADMINISTRATOR}
    assert Group.objects.get(name=EDITOR).permissions.filter(codename="publish_article").exists()
    assert not Group.objects.get(name=AUTHOR).permissions.filter(
        codename="publish_article"
    ).exists()
    assert Group.objects.get(name=ADMINISTRATOR).permissions.filter(codename="add_user").exists()


def test_author_can_write_a_draft_but_not_publish_it(client):
    writer = staff("writer", AUTHOR)
    profile = make_author("Writer", user=writer)
    client.force_login(writer)
    response = client.post("/admin/publishing/article/add/", article_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="Night market opens")
    assert article.status == Article.Status.DRAFT
    assert list(article.authors.all()) == [profile]
    assert article.references.get().publisher == "City Hall"


def test_author_cannot_edit_someone_elses_article(client):
    writer = staff("writer", AUTHOR)
    make_author("Writer", user=writer)
    other = make_article("Not yours", status=Article.Status.DRAFT, authors=[make_author()])
    client.force_login(writer)
    change_url = f"/admin/publishing/article/{other.pk}/change/"
    assert client.get(change_url).status_code in (302, 404)
    client.post(change_url, article_form(title="Hijacked", status="draft"))
    other.refresh_from_db()
    assert other.title == "Not yours"


def test_author_cannot_edit_own_article_once_published(client):
    writer = staff("writer", AUTHOR)
    profile = make_author("Writer", user=writer)
    live = make_article("Live story", authors=[profile])
    client.force_login(writer)
    client.post(f"/admin/publishing/article/{live.pk}/change/", article_form(title="Changed"))
    live.refresh_from_db()
    assert live.title == "Live story"


def test_editor_publishes_with_a_slug_generated_from_a_chinese_title(client):
    editor = staff("editor", EDITOR)
    client.force_login(editor)
    response = client.post(
        "/admin/publishing/article/add/", article_form(title="青川夜市开张", language="zh-hans")
    )
    assert response.status_code == 302
    article = Article.objects.get(title="青川夜市开张")
    assert article.status == Article.Status.PUBLISHED
    assert article.slug == "qing-chuan-ye-shi-kai-zhang"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_admin_validation_errors_say_what_to_fix(client):
    client.force_login(staff("editor", EDITOR))
    response = client.post(
        "/admin/publishing/article/add/",
        article_form(title="", **{"references-0-url": "not a url"}),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html and "Enter a valid URL." in html


def test_article_history_records_revisions_that_can_be_restored(client):
    client.force_login(staff("editor", EDITOR))
    client.post("/admin/publishing/article/add/", article_form())
    article = Article.objects.get()
    client.post(
        f"/admin/publishing/article/{article.pk}/change/",
        article_form(title="Night market opens late", slug=article.slug, **{
            "references-INITIAL_FORMS": "1",
            "references-0-id": str(article.references.get().pk),
            "references-0-article": str(article.pk),
        }),
    )
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    history = client.get(f"/admin/publishing/article/{article.pk}/history/").content.decode()
    assert "Night market" in history
    with reversion.create_revision():
        versions.last().revision.revert()
    article.refresh_from_db()
    assert article.title == "Night market opens"


def test_admin_lists_search_and_filters_articles(client):
    client.force_login(staff("editor", EDITOR))
    make_article("Kelp forest study")
    make_article("Sea wall vote")
    html = client.get("/admin/publishing/article/?q=kelp").content.decode()
    assert "Kelp forest study" in html and "Sea wall vote" not in html
    assert client.get("/admin/publishing/article/?status__exact=draft").status_code == 200


def test_categories_are_edited_and_found_in_every_language(admin_client):
    """The Chinese name is its own field beside the default one, and the search finds it."""
    from newsdesk.publishing.models import Category

    response = admin_client.post("/admin/publishing/category/add/", {
        "name": "Science", "name_zh_hans": "科学", "slug": "", "parent": "",
        "description": "", "description_zh_hans": "研究与发现。"})
    assert response.status_code == 302
    science = Category.objects.get(name="Science")
    assert science.translations == {"zh-hans": {"name": "科学", "description": "研究与发现。"}}
    found = admin_client.get("/admin/publishing/category/", {"q": "科学"}).content.decode()
    assert "Science" in found and "科学" in found
    form = admin_client.get(f"/admin/publishing/category/{science.pk}/change/").content.decode()
    assert 'value="科学"' in form
