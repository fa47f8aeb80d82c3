"""The back office: "send to subscribers" on the article form, the sending screen with its
bar, test sends, stopping, importing and exporting subscribers, erasing them."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from newsdesk.core.roles import AUTHOR, EDITOR
from newsdesk.newsletter.models import Issue, Subscriber
from newsdesk.newsletter.tests.conftest import make_subscriber
from newsdesk.publishing.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def staff(username, role, email=""):
    user = User.objects.create_user(username, password="pass-123-pass", is_staff=True,
                                    email=email)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(client):
    user = staff("editor", EDITOR, email="editor@example.org")
    client.force_login(user)
    return user


def article_form(lists, **overrides):
    data = {
        "title": "Night market opens", "slug": "", "language": "en", "summary": "Lanterns.",
        "body": "Stalls and lanterns.", "status": "published", "published_at_0": "",
        "published_at_1": "", "category": "", "tags": [], "featured_image_alt": "",
        "correction": "",
        "references-TOTAL_FORMS": "0", "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0", "references-MAX_NUM_FORMS": "1000",
        "newsletter_issues-TOTAL_FORMS": "1", "newsletter_issues-INITIAL_FORMS": "0",
        "newsletter_issues-MIN_NUM_FORMS": "0", "newsletter_issues-MAX_NUM_FORMS": "1",
        "newsletter_issues-0-send_on_publish": "on",
        "newsletter_issues-0-newsletter_lists": [lists["en"].pk],
        "newsletter_issues-0-subject": "",
    }
    data.update(overrides)
    return data


def test_an_editor_ticks_send_to_subscribers_and_publishing_sends_the_story(client, editor,
                                                                            lists):
    make_subscriber("ann@example.org", [lists["en"]])
    form = client.get("/admin/publishing/article/add/").content.decode()
    assert "Send to subscribers" in form or "send to subscribers" in form
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/admin/publishing/article/add/", article_form(lists))
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = Issue.objects.get()
    assert issue.article.title == "Night market opens" and issue.status == Issue.Status.SENT
    assert [message.to for message in mail.outbox] == [["ann@example.org"]]


def test_an_article_form_without_the_newsletter_part_still_saves(client, editor, lists):
    data = {key: value for key, value in article_form(lists).items()
            if not key.startswith("newsletter_issues")}
    assert client.post("/admin/publishing/article/add/", data).status_code == 302
    assert Article.objects.exists() and not Issue.objects.exists()


def test_an_author_does_not_see_the_newsletter_box(client, lists):
    client.force_login(staff("writer", AUTHOR))
    form = client.get("/admin/publishing/article/add/").content.decode()
    assert "newsletter_issues-TOTAL_FORMS" not in form


def test_the_sending_screen_counts_recipients_then_sends_with_a_bar(client, editor, lists,
                                                                    article):
    for number in range(3):
        make_subscriber(f"r{number}@example.org", [lists["en"]])
    issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article)
    page = client.get(f"/admin/newsletter/issue/{issue.pk}/change/").content.decode()
    assert "3 subscribers would receive it." in page and "Send to subscribers…" in page
    confirm = client.get(f"/admin/newsletter/issue/{issue.pk}/send/").content.decode()
    assert "This issue goes to 3 subscribers of:" in confirm
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/admin/newsletter/issue/{issue.pk}/send/")
    page = client.get(f"/admin/newsletter/issue/{issue.pk}/change/").content.decode()
    assert '<progress class="newsletter-bar" max="3" value="3"' in page
    progress = json.loads(client.get(f"/admin/newsletter/issue/{issue.pk}/progress/").content)
    assert progress | {"problem": ""} == {
        "status": "sent", "status_label": "Sent", "total": 3, "sent": 3, "failed": 0,
        "skipped": 0, "left": 0, "percent": 100, "problem": ""}
    listing = client.get("/admin/newsletter/issue/").content.decode()
    assert '<progress max="3" value="3"' in listing


def test_a_test_send_goes_to_the_editor_only(client, editor, lists, article):
    make_subscriber("ann@example.org", [lists["en"]])
    issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article)
    client.post(f"/admin/newsletter/issue/{issue.pk}/test/")
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"] and message.subject.startswith("[Test] ")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT and not issue.deliveries.exists()


def test_stopping_a_send_keeps_the_rest_for_later(client, editor, lists, article):
    issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article,
                                 status=Issue.Status.SENDING)
    client.post(f"/admin/newsletter/issue/{issue.pk}/stop/")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.CANCELLED


def test_an_author_cannot_send(client, lists, article):
    client.force_login(staff("writer", AUTHOR))
    issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article)
    assert client.post(f"/admin/newsletter/issue/{issue.pk}/send/").status_code in (302, 403)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_importing_a_csv_in_the_back_office_shows_the_report(client, lists):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pass-1-pass"))
    upload = SimpleUploadedFile("members.csv", b"email,name\nann@example.org,Ann\nnope,No\n",
                                content_type="text/csv")
    page = client.post("/admin/newsletter/subscriber/import/", {"file": upload}).content.decode()
    assert "Imported 1, added lists to 0, 1 rows not imported." in page
    assert "not an email address" in page
    assert Subscriber.objects.get().email == "ann@example.org"


def test_exporting_and_erasing_subscribers_from_the_list(client, lists):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pass-1-pass"))
    ann = make_subscriber("ann@example.org", [lists["en"]])
    exported = client.post("/admin/newsletter/subscriber/", {
        "action": "export_csv", "_selected_action": [ann.pk]})
    assert exported["Content-Type"].startswith("text/csv")
    assert b"ann@example.org" in exported.content
    asked = client.post("/admin/newsletter/subscriber/", {
        "action": "erase_personal_data", "_selected_action": [ann.pk]}).content.decode()
    assert "This cannot be undone." in asked and Subscriber.objects.exists()
    client.post("/admin/newsletter/subscriber/", {
        "action": "erase_personal_data", "_selected_action": [ann.pk], "confirm": "yes"})
    assert not Subscriber.objects.exists()


def test_an_editor_sees_an_issue_s_problem(client, editor, article):
    issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article,
                                 status=Issue.Status.SENDING,
                                 problem="Connection refused (trying again at 14:05:00)")
    page = client.get(f"/admin/newsletter/issue/{issue.pk}/change/").content.decode()
    assert "Connection refused (trying again at 14:05:00)" in page
