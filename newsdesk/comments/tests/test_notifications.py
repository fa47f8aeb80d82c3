"""Notifications reach a real SMTP server (aiosmtpd, started here on a free port)."""

import email
import os
import subprocess
import sys
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group, User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, TestCase, override_settings

from newsdesk.comments import services
from newsdesk.comments.models import Comment
from newsdesk.comments.tests.conftest import make_comment, post
from newsdesk.core.conf import SETTINGS as SITE
from newsdesk.core.config import assemble, project
from newsdesk.core.roles import EDITOR
from tests.live_site import free_port

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message.recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted"

    def wait_for(self, count, timeout=5):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def inbox(smtp_server, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.NEWSDESK_BASE_URL = "https://news.example"
    return smtp_server.handler


@pytest.fixture
def editor():
    user = User.objects.create_user("edna", "edna@newsroom.example", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    User.objects.create_user("writer", "writer@newsroom.example", "pw", is_staff=True)
    return user


def body(message):
    return message.get_body(("plain",)).get_content()


def test_moderators_get_each_pending_comment_with_approve_and_spam_links(client, article, inbox,
                                                                        editor):
    post(client, article, comment="Please check the timetable")
    comment = Comment.objects.get()
    [message] = inbox.wait_for(1)
    assert message.recipients == ["edna@newsroom.example"]
    assert "Please moderate" in message["Subject"] and article.title in message["Subject"]
    text = body(message)
    assert "Please check the timetable" in text and "ann@example.org" in text
    moderate = f"https://news.example/admin/comments/comment/{comment.pk}/moderate/"
    assert f"{moderate}?action=approve" in text and f"{moderate}?action=spam" in text

    client.force_login(editor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/admin/comments/comment/{comment.pk}/moderate/", {"action": "approve"})
    assert Comment.objects.get().status == Comment.Status.APPROVED


@override_settings(COMMENTS_MODERATOR_EMAILS=["desk@newsroom.example"])
def test_moderator_addresses_can_be_configured(client, article, inbox, editor):
    post(client, article)
    assert inbox.wait_for(1)[0].recipients == ["desk@newsroom.example"]


@override_settings(COMMENTS_NOTIFY_MODERATORS=False)
def test_moderator_emails_can_be_switched_off(client, article, inbox, editor):
    post(client, article)
    time.sleep(0.2)
    assert inbox.messages == []


@override_settings(COMMENTS_MODERATION="approve-all")
def test_approved_comments_need_no_moderator_email(client, article, inbox, editor):
    post(client, article)
    time.sleep(0.2)
    assert inbox.messages == []


def test_opted_in_commenters_get_replies_in_their_language_with_one_click_unsubscribe(
    article, inbox
):
    parent = make_comment(article, email="ann@example.org", name="安", notify_replies=True,
                          language="zh-hans")
    reply = make_comment(article, status=Comment.Status.PENDING, parent=parent, name="Ben",
                         email="ben@example.org", text="I saw it too.")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.moderate([reply], Comment.Status.APPROVED)
    [message] = inbox.wait_for(1)
    assert message.recipients == ["ann@example.org"]
    assert "回复了您" in message["Subject"]
    text = body(message)
    assert "I saw it too." in text
    assert "https://news.example/zh-hans/" in text and f"#comment-{reply.pk}" in text
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe in text and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "ben@example.org" not in text

    response = Client().post(unsubscribe.removeprefix("https://news.example"),
                             "List-Unsubscribe=One-Click",
                             content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Comment.objects.get(pk=parent.pk).notify_replies


def test_a_reply_is_announced_once_even_if_approved_again(article, inbox):
    parent = make_comment(article, notify_replies=True)
    reply = make_comment(article, status=Comment.Status.PENDING, parent=parent,
                         email="other@example.org")
    for status in ("approved", "pending", "approved"):
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.moderate([Comment.objects.get(pk=reply.pk)], status)
    time.sleep(0.2)
    assert len(inbox.messages) == 1


@pytest.mark.parametrize("parent_fields", [
    {"notify_replies": False},
    {"notify_replies": True, "email": "same@example.org"},
])
def test_no_reply_email_without_opt_in_or_for_replying_to_oneself(article, inbox, parent_fields):
    parent = make_comment(article, **parent_fields)
    reply = make_comment(article, status="pending", parent=parent, email="same@example.org")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.moderate([reply], Comment.Status.APPROVED)
    time.sleep(0.2)
    assert inbox.messages == []


def test_a_dead_mail_server_never_fails_the_readers_post(client, article, settings, editor,
                                                          caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    assert post(client, article).status_code == 302
    assert Comment.objects.exists()
    assert "Could not send comment notification" in caplog.text


# -- NEWSDESK_SMTP_URL ---------------------------------------------------------------------------

def mail_settings(**environ):
    """Django's EMAIL_* settings for a site called Ledger at https://news.example."""
    values = assemble(SITE, environ={"NEWSDESK_SITE_NAME": "Ledger",
                                     "NEWSDESK_BASE_URL": "https://news.example", **environ})
    return project.email(values["NEWSDESK_SMTP_URL"], values["NEWSDESK_EMAIL_FROM"])


def smtp_settings(monkeypatch, url):
    return mail_settings(NEWSDESK_SMTP_URL=url)


def test_without_smtp_url_mail_goes_to_the_console(monkeypatch):
    config = mail_settings()
    assert config["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert config["DEFAULT_FROM_EMAIL"] == "Ledger <noreply@news.example>"


def test_smtp_url_with_starttls_and_an_escaped_password(monkeypatch):
    config = smtp_settings(monkeypatch, "smtp://mailer:p%40ss%3Aword@mail.example:587?tls=1")
    assert config["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"]) == ("mail.example", 587)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("mailer", "p@ss:word")
    assert config["EMAIL_USE_TLS"] and not config["EMAIL_USE_SSL"]


def test_smtps_url_uses_tls_from_the_start_on_port_465(monkeypatch):
    config = smtp_settings(monkeypatch, "smtps://mail.example?timeout=3")
    assert config["EMAIL_PORT"] == 465 and config["EMAIL_USE_SSL"] and not config["EMAIL_USE_TLS"]
    assert config["EMAIL_TIMEOUT"] == 3


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "smtp://host:notaport",
                                 "smtp://host?timeout=soon"])
def test_a_wrong_smtp_url_names_the_variable_and_the_fix(monkeypatch, url):
    with pytest.raises(ImproperlyConfigured, match="NEWSDESK_SMTP_URL=.*use e.g. smtp://"):
        smtp_settings(monkeypatch, url)


def test_the_smtp_url_configures_a_real_newsdesk_process(smtp_server, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(NEWSDESK_DATA_DIR=str(tmp_path),
               NEWSDESK_SMTP_URL=f"smtp://127.0.0.1:{smtp_server.port}")
    result = subprocess.run([sys.executable, "-m", "newsdesk", "sendtestemail", "me@example.org"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    [message] = smtp_server.handler.wait_for(1)
    assert message.recipients == ["me@example.org"]
