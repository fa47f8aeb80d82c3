"""Sign-in: Argon2, lockout after repeated failures, sessions, password reset by email."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from newsdesk.core.roles import EDITOR
from newsdesk.security.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_passwords_are_stored_with_argon2(make_staff):
    from django.conf import settings as project_settings
    from django.contrib.auth.hashers import Argon2PasswordHasher

    # The project's own list (the tests' fixture puts a lighter Argon2 in front).
    assert project_settings.PASSWORD_HASHERS[1] == (
        "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
    assert make_staff("mara").password.startswith("argon2$")
    assert Argon2PasswordHasher().encode("x", "somesalt123456").startswith(
        "argon2$argon2id$v=19$m=102400,t=2,p=8$"
    )


def test_an_old_pbkdf2_hash_still_works_and_is_upgraded_to_argon2(client, make_staff):
    from django.contrib.auth.hashers import make_password

    user = make_staff("mara")
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert sign_in(client, "mara", PASSWORD).status_code == 302
    assert User.objects.get(pk=user.pk).password.startswith("argon2$")


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(client, make_staff):
    """After the limit even the right password is refused, with a 429 and what to do."""
    make_staff("mara")
    for _ in range(4):
        response = sign_in(client, "mara", "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = sign_in(client, "mara", "wrong")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Too many failed sign-in attempts" in text and "15 minutes" in text
    assert "Reset your password" in text

    again = sign_in(client, "mara", PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_message_is_translated(client, make_staff):
    make_staff("mara")
    for _ in range(5):
        response = client.post(
            "/admin/login/", {"username": "mara", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_a_lockout_from_one_address_does_not_lock_the_person_out_elsewhere(client, make_staff):
    """Locking is per username and address: nobody can lock an editor out from afar."""
    make_staff("mara")
    for _ in range(5):
        sign_in(client, "mara", "wrong", address="198.51.100.9")
    assert sign_in(client, "mara", "wrong", address="198.51.100.9").status_code == 429
    assert sign_in(client, "mara", PASSWORD, address="203.0.113.7").status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(client, make_staff):
    make_staff("mara")
    for _ in range(4):
        sign_in(client, "mara", "wrong")
    assert sign_in(client, "mara", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "mara", "wrong").status_code == 200


def test_force_login_and_test_client_login_still_work(client, make_staff):
    """Other apps' tests sign in with force_login() or login(); the lockout backend allows both."""
    user = make_staff("mara", role=EDITOR)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert client.login(username="mara", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_sessions_expire_after_twelve_hours_or_when_the_browser_closes(client, make_staff,
                                                                       settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    sign_in(client, make_staff("mara").username, PASSWORD)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert client.session.get_expiry_age() == 12 * 3600


def test_the_login_page_offers_password_reset(client):
    assert 'href="/accounts/password-reset/"' in client.get("/admin/login/").content.decode()


def reset_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/\S+/)", message.body)


def test_password_reset_sends_a_link_to_the_base_url_that_sets_a_new_password(client, make_staff):
    """The link points at NEWSDESK_BASE_URL whatever Host the request claimed."""
    make_staff("mara")
    response = client.post("/accounts/password-reset/", {"email": "mara@example.org"},
                           HTTP_HOST="localhost")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mara@example.org"]
    assert "http://127.0.0.1:8000/accounts/password-reset/" in message.body

    path = reset_link(message).group(1)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "a-brand-new-passphrase-77"
    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert User.objects.get(username="mara").check_password(new_password)
    assert client.get(path, follow=True).context["validlink"] is False  # used once only


def test_resetting_the_password_lifts_a_lockout(client, make_staff):
    make_staff("mara")
    for _ in range(5):
        sign_in(client, "mara", "wrong")
    assert sign_in(client, "mara", PASSWORD).status_code == 429
    client.post("/accounts/password-reset/", {"email": "mara@example.org"})
    form_page = client.get(reset_link(mail.outbox[0]).group(1), follow=True)
    new_password = "a-brand-new-passphrase-77"
    client.post(form_page.redirect_chain[-1][0],
                {"new_password1": new_password, "new_password2": new_password})
    assert sign_in(client, "mara", new_password).status_code == 302


def test_password_reset_reveals_nothing_and_is_limited_per_address(client, make_staff):
    make_staff("mara")
    unknown = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert unknown.status_code == 302 and not mail.outbox
    for _ in range(5):
        response = client.post("/accounts/password-reset/", {"email": "mara@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_password_reset_pages_are_translated(client):
    html = client.get("/accounts/password-reset/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "电子邮件" in html or "邮箱" in html
