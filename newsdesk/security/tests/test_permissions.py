"""Who may do what in the back office, proved through HTTP requests."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import RequestFactory

from newsdesk.core.roles import AUTHOR, EDITOR
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article, make_author
from newsdesk.publishing.tests.test_admin import article_form

pytestmark = pytest.mark.django_db

# Apps whose back-office pages only administrators may manage. The consent app
# joins when it is installed; its models are then checked with no change here.
RESTRICTED_APPS = {"auth", "axes", "otp_totp", "otp_static", "consent"}

CHANGELIST = "/admin/publishing/article/"


def restricted_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label in RESTRICTED_APPS),
        key=lambda model: model._meta.label,
    )


@pytest.fixture
def writer(make_staff):
    user = make_staff("writer", role=AUTHOR)
    make_author("Writer", user=user)
    return user


def test_an_author_cannot_publish_with_the_admin_action(client, writer):
    own = make_article("My draft", status=Article.Status.DRAFT, authors=[writer.author_profile])
    client.force_login(writer)
    client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [own.pk]})
    own.refresh_from_db()
    assert own.status == Article.Status.DRAFT


def test_an_author_cannot_publish_their_draft_by_posting_the_status(client, writer):
    own = make_article("My draft", status=Article.Status.DRAFT, authors=[writer.author_profile])
    client.force_login(writer)
    response = client.post(f"{CHANGELIST}{own.pk}/change/", article_form(
        title="My draft, edited", slug=own.slug, status="published",
        **{"references-TOTAL_FORMS": "0"},
    ))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "My draft, edited" and own.status == Article.Status.DRAFT


def test_an_author_cannot_delete_even_their_own_article(client, writer):
    own = make_article("My draft", status=Article.Status.DRAFT, authors=[writer.author_profile])
    client.force_login(writer)
    assert client.post(f"{CHANGELIST}{own.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=own.pk).exists()


def test_an_author_does_not_see_others_articles_in_the_list(client, writer):
    make_article("Someone else's scoop", status=Article.Status.DRAFT, authors=[make_author()])
    client.force_login(writer)
    assert "Someone else&#x27;s scoop" not in client.get(CHANGELIST).content.decode()


def test_an_author_cannot_preview_someone_elses_draft(client, writer):
    other = make_article("Embargoed", status=Article.Status.DRAFT, authors=[make_author()])
    client.force_login(writer)
    assert client.get(f"/en/preview/{other.pk}/").status_code == 404


def test_an_editor_cannot_add_or_change_accounts(client, make_staff):
    editor = make_staff("ed", role=EDITOR)
    victim = make_staff("victim")
    client.force_login(editor)
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/user/add/").status_code == 403
    assert client.post("/admin/auth/user/add/", {
        "username": "sneaky", "password1": "x-Long-pass-123", "password2": "x-Long-pass-123",
    }).status_code == 403
    assert client.post(f"/admin/auth/user/{editor.pk}/change/", {
        "username": "ed", "is_superuser": "on", "is_staff": "on",
    }).status_code == 403
    assert client.post(f"/admin/auth/user/{victim.pk}/password/", {
        "password1": "x-Long-pass-123", "password2": "x-Long-pass-123",
    }).status_code == 403
    assert client.post(f"/admin/auth/group/{Group.objects.get(name=EDITOR).pk}/delete/",
                       {"post": "yes"}).status_code == 403
    assert not User.objects.filter(username="sneaky").exists()
    assert not User.objects.get(pk=editor.pk).is_superuser


def test_restricted_apps_are_out_of_reach_of_editors_and_authors(client, make_staff):
    """Every admin page of accounts, lockouts, two-factor devices (and consent) answers 403."""
    models = restricted_models()
    assert User in models and len(models) >= 5
    for role in (EDITOR, AUTHOR):
        user = make_staff(f"someone-{role}", role=role)
        client.force_login(user)
        request = RequestFactory().get("/admin/")
        request.user = user
        for model in models:
            model_admin = admin.site._registry[model]
            label = model._meta.label
            assert not model_admin.has_add_permission(request), (role, label)
            assert not model_admin.has_change_permission(request), (role, label)
            assert not model_admin.has_delete_permission(request), (role, label)
            base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            assert client.get(base).status_code == 403, (role, label)
            assert client.get(f"{base}add/").status_code == 403, (role, label)
            assert client.post(f"{base}add/", {}).status_code == 403, (role, label)


def test_the_admin_index_lists_no_restricted_app_for_an_editor(client, make_staff):
    client.force_login(make_staff("ed", role=EDITOR))
    html = client.get("/admin/").content.decode()
    for model in restricted_models():
        assert f'href="/admin/{model._meta.app_label}/{model._meta.model_name}/"' not in html
