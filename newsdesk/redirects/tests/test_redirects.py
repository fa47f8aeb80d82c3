import pytest
from django.contrib.auth.models import Group, User

from newsdesk.core.roles import AUTHOR, EDITOR
from newsdesk.publishing.tests.factories import make_article, make_category
from newsdesk.redirects.models import Redirect
from newsdesk.redirects.services import add_redirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="pw-editor-2026", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    return user


def test_editors_may_manage_redirects_and_authors_may_not():
    permissions = set(Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True))
    assert {"add_redirect", "change_redirect", "delete_redirect"} <= permissions
    author = set(Group.objects.get(name=AUTHOR).permissions.values_list("codename", flat=True))
    assert not author & {"add_redirect", "change_redirect"}


def test_an_editors_redirect_answers_301_and_sets_no_cookie(client):
    Redirect.objects.create(old_path="/old-about/", new_path="/en/")
    response = client.get("/old-about/")
    assert response.status_code == 301 and response["Location"] == "/en/"
    assert not response.cookies


def test_a_redirect_to_an_item_follows_its_current_address_and_language(client):
    story = make_article("Ferry", language="zh-hans")
    add_redirect("/ferry.html", target=story)
    story.slug = "renamed-ferry"
    story.save()
    response = client.get("/ferry.html")
    assert response["Location"] == story.get_absolute_url().replace("/en/", "/zh-hans/")
    assert response["Location"].startswith("/zh-hans/") and "renamed-ferry" in response["Location"]


def test_a_redirect_without_a_language_uses_the_visitors_preferred_one(client):
    add_redirect("/topics/city/", target=make_category("City", slug="city"))
    response = client.get("/topics/city/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response["Location"] == "/zh-hans/category/city/"
    assert "Accept-Language" in response["Vary"]


def test_an_empty_target_answers_410_gone(client):
    Redirect.objects.create(old_path="/withdrawn-story/")
    assert client.get("/withdrawn-story/").status_code == 410


def test_addresses_under_a_language_prefix_redirect_only_when_the_page_is_missing(client):
    Redirect.objects.create(old_path="/en/category/old-name/", new_path="/en/category/city/")
    Redirect.objects.create(old_path="/en/", new_path="/somewhere-else/")
    assert client.get("/en/category/old-name/")["Location"] == "/en/category/city/"
    assert client.get("/en/").status_code == 200


def test_an_importer_never_overwrites_an_editors_redirect():
    Redirect.objects.create(old_path="/?p=1", new_path="/en/chosen-by-editor/")
    _redirect, outcome = add_redirect("/?p=1", new_path="/en/imported/",
                                      source=Redirect.Source.WORDPRESS)
    assert outcome == "unchanged"
    assert Redirect.objects.get(old_path="/?p=1").new_path == "/en/chosen-by-editor/"


def test_editors_add_redirects_in_the_admin(client, editor):
    response = client.post("/admin/redirects/redirect/add/", {
        "old_path": "/2019/05/launch/", "new_path": "/en/", "language": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/2019/05/launch/")["Location"] == "/en/"
    listing = client.get("/admin/redirects/redirect/")
    assert "/2019/05/launch/" in listing.content.decode()


@pytest.mark.parametrize("old, new, message", [
    ("no-slash/", "/en/", "Start the old address with a slash"),
    ("/a/", "javascript:alert(1)", "Use a path starting with a slash"),
    ("/same/", "/same/", "must differ from the old one"),
])
def test_invalid_redirects_are_refused_with_a_message(client, editor, old, new, message):
    response = client.post("/admin/redirects/redirect/add/", {
        "old_path": old, "new_path": new, "language": "",
    })
    assert response.status_code == 200 and message in response.content.decode()
    assert not Redirect.objects.exists()


def test_a_redirect_to_a_draft_is_an_ordinary_404(client):
    draft = make_article("Secret plans", status="draft")
    add_redirect("/secret/", target=draft)
    assert client.get("/secret/").status_code == 404


def test_the_redirects_admin_speaks_chinese(client, editor):
    Redirect.objects.create(old_path="/gone/")
    response = client.get("/admin/redirects/redirect/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert "旧地址" in page and "重定向至" in page and "410 已删除" in page
