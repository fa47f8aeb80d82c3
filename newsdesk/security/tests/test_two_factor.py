"""Two-factor sign-in: setting it up, signing in with it, backup codes, the admin requirement."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsdesk.core.roles import ADMINISTRATOR, EDITOR
from newsdesk.security.models import AuditEntry
from newsdesk.security.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SETUP, VERIFY = "/accounts/two-factor/", "/accounts/two-factor/verify/"


def code(device, steps_from_now=0):
    """The app's code for a time step; each step is accepted only once per device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + steps_from_now * device.step
    return f"{totp.token():0{device.digits}d}"


def waited(device):
    """As if the throttle's delay after a wrong code had passed."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def sign_in(client, username):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": PASSWORD})


def turn_on(client, user):
    """Set up two-factor sign-in as the person would; returns the device and backup codes."""
    client.force_login(user)
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": code(device, -1)})
    assert response.status_code == 200
    device.refresh_from_db()
    client.logout()
    return device, response.context["codes"]


def test_staff_turn_on_two_factor_by_scanning_a_code_and_confirming_it(client, make_staff):
    """The setup page shows a QR code and the key; a right code turns it on with backup codes."""
    user = make_staff("mara", role=EDITOR)
    client.force_login(user)
    html = client.get(SETUP).content.decode()
    assert 'src="data:image/svg+xml' in html and "Cannot scan?" in html

    device = TOTPDevice.objects.get(user=user)
    wrong = client.post(SETUP, {"code": "000000" if code(device) != "000000" else "111111"})
    assert "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.get(user=user).confirmed
    # After a wrong code the device waits before accepting another (django-otp's throttle).
    assert "That code is not right" in client.post(SETUP, {"code": code(device)}).content.decode()
    waited(device)

    done = client.post(SETUP, {"code": code(device)})
    assert "Two-factor sign-in is on." in done.content.decode()
    assert len(done.context["codes"]) == 10
    assert "no-store" in done["Cache-Control"]
    assert TOTPDevice.objects.get(user=user).confirmed
    assert AuditEntry.objects.filter(action="two_factor.enable", username="mara").exists()


def test_with_two_factor_on_the_password_alone_does_not_open_the_back_office(client, make_staff):
    user = make_staff("mara", role=EDITOR)
    device, _codes = turn_on(client, user)

    response = sign_in(client, "mara")
    assert response.status_code == 302
    for path in ("/admin/", "/admin/publishing/article/", "/en/preview/1/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked.url.startswith(VERIFY), path

    wrong = client.post(VERIFY, {"code": "12 34 56", "next": "/admin/"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    waited(device)
    right = client.post(VERIFY, {"code": code(device), "next": "/admin/publishing/article/"})
    assert right.status_code == 302 and right.url == "/admin/publishing/article/"
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_signs_in_once(client, make_staff):
    user = make_staff("mara", role=EDITOR)
    _device, codes = turn_on(client, user)
    sign_in(client, "mara")
    assert client.post(VERIFY, {"code": codes[0], "next": "/admin/"}).status_code == 302
    client.logout()
    sign_in(client, "mara")
    again = client.post(VERIFY, {"code": codes[0], "next": "/admin/"})
    assert again.status_code == 200


def test_verify_refuses_to_redirect_to_another_site(client, make_staff):
    user = make_staff("mara", role=EDITOR)
    device, _ = turn_on(client, user)
    sign_in(client, "mara")
    response = client.post(VERIFY, {"code": code(device), "next": "https://evil.example/"})
    assert response.url == "/admin/"


def test_administrators_must_set_up_two_factor_when_the_site_requires_it(client, make_staff,
                                                                        settings):
    settings.SECURITY_REQUIRE_2FA_FOR_ADMINS = True
    admin = make_staff("chief", role=ADMINISTRATOR)
    editor = make_staff("mara", role=EDITOR)

    client.force_login(editor)
    assert client.get("/admin/").status_code == 200  # editors: optional

    client.force_login(admin)
    response = client.get("/admin/auth/user/")
    assert response.status_code == 302 and response.url.startswith(SETUP)
    page = client.get(SETUP).content.decode()
    assert "requires administrators to use two-factor sign-in" in page
    device = TOTPDevice.objects.get(user=admin)
    client.post(SETUP, {"code": code(device)})
    assert client.get("/admin/auth/user/").status_code == 200

    off = client.post("/accounts/two-factor/off/", {"code": code(device, 1)}, follow=True)
    assert "must use two-factor sign-in" in off.content.decode()
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_staff_can_turn_two_factor_off_with_a_current_code(client, make_staff):
    user = make_staff("mara", role=EDITOR)
    device, _ = turn_on(client, user)
    sign_in(client, "mara")
    client.post(VERIFY, {"code": code(device), "next": "/admin/"})
    assert "Two-factor sign-in is on." in client.get(SETUP).content.decode()
    client.post("/accounts/two-factor/off/", {"code": code(device, 1)})
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="two_factor.disable").exists()


def test_the_admin_header_links_to_two_factor_settings(client, make_staff):
    client.force_login(make_staff("mara", role=EDITOR))
    assert 'href="/accounts/two-factor/"' in client.get("/admin/").content.decode()


def test_two_factor_pages_need_a_signed_in_person(client):
    assert client.get(SETUP).status_code == 302
    assert client.post("/accounts/two-factor/off/", {"code": "1"}).status_code == 302
