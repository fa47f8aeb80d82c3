"""The audit trail: who published, edited, deleted or moderated what."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from newsdesk.core.roles import ADMINISTRATOR, AUTHOR, EDITOR
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article
from newsdesk.security import audit
from newsdesk.security.models import AuditEntry

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/publishing/article/"


def run_action(client, action, *articles):
    return client.post(CHANGELIST, {
        "action": action, "_selected_action": [article.pk for article in articles], "index": 0,
    })


def test_publishing_and_unpublishing_through_admin_actions_are_recorded(client, make_staff):
    editor = make_staff("ed", role=EDITOR)
    draft = make_article("Sea wall vote", status=Article.Status.DRAFT)
    client.force_login(editor)

    run_action(client, "publish_now", draft)
    run_action(client, "unpublish", draft)

    entries = list(AuditEntry.objects.order_by("pk").values_list("username", "action",
                                                                   "object_repr"))
    assert entries == [("ed", "publish", "Sea wall vote"), ("ed", "unpublish", "Sea wall vote")]


def test_scheduling_is_recorded_as_such():
    future = timezone.now() + datetime.timedelta(days=2)
    make_article("Tomorrow", published_at=future)
    entry = AuditEntry.objects.get()
    assert entry.action == "schedule" and entry.username == ""  # done outside a request


def test_admin_edits_and_deletions_are_recorded_with_what_changed(client, make_staff):
    editor = make_staff("ed", role=EDITOR)
    article = make_article("Kelp survey")
    AuditEntry.objects.all().delete()
    client.force_login(editor)
    client.post("/admin/publishing/category/add/", {"name": "Science", "slug": "",
                                                      "description": ""})
    client.post(f"{CHANGELIST}{article.pk}/delete/", {"post": "yes"})

    added, deleted = AuditEntry.objects.order_by("pk")
    assert (added.username, added.action, added.object_repr) == ("ed", "add", "Science")
    assert (deleted.action, deleted.object_repr) == ("delete", "Kelp survey")
    assert not Article.objects.filter(pk=article.pk).exists()


def test_other_apps_record_moderation_through_the_public_function(make_staff):
    """record(user, action, obj, details); with user None, the request's user is used."""
    moderator = make_staff("mod", role=EDITOR)
    article = make_article("Night market")
    AuditEntry.objects.all().delete()

    audit.record(moderator, "comment.approve", article, {"comment": 7})
    request = RequestFactory().get("/")
    request.user = moderator
    with audit.acting_request(request):
        audit.record(None, "comment.spam", article)
    audit.record(None, "comment.delete", article)

    entries = list(AuditEntry.objects.order_by("pk"))
    assert [(entry.username, entry.action) for entry in entries] == [
        ("mod", "comment.approve"), ("mod", "comment.spam"), ("", "comment.delete"),
    ]
    assert entries[0].details == {"comment": 7}
    assert str(entries[0]) == "mod approved a comment Night market"


def test_the_trail_is_a_readable_filterable_list_that_nobody_can_alter(client, make_staff):
    chief = make_staff("chief", role=ADMINISTRATOR, is_superuser=True)
    editor = make_staff("ed", role=EDITOR)
    client.force_login(editor)
    run_action(client, "publish_now", make_article("Ferry", status=Article.Status.DRAFT))
    audit.record(editor, "comment.approve", make_article("Library", status=Article.Status.DRAFT))
    client.force_login(chief)

    listing = client.get("/admin/security/auditentry/").content.decode()
    assert "Ferry" in listing and "published" in listing and "approved a comment" in listing
    filtered = client.get("/admin/security/auditentry/?action=publish").content.decode()
    assert "Ferry" in filtered and "Library" not in filtered
    assert client.get("/admin/security/auditentry/?q=Library").status_code == 200

    entry = AuditEntry.objects.first()
    assert client.get("/admin/security/auditentry/add/").status_code == 403
    assert client.post(f"/admin/security/auditentry/{entry.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    client.post(f"/admin/security/auditentry/{entry.pk}/change/", {"action": "forged"})
    entry.refresh_from_db()
    assert entry.action != "forged"


def test_editors_read_the_trail_and_authors_do_not(client, make_staff):
    client.force_login(make_staff("ed", role=EDITOR))
    assert client.get("/admin/security/auditentry/").status_code == 200
    client.force_login(make_staff("writer", role=AUTHOR))
    assert client.get("/admin/security/auditentry/").status_code == 403
