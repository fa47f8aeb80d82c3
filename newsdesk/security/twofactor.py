"""Two-factor sign-in with an authenticator app (TOTP) and one-time backup codes.

Built on django-otp: a TOTPDevice per person, confirmed by entering a first
code, and a StaticDevice holding ten backup codes. A session is "verified"
once a code was entered after the password (django_otp.login).
"""

from django.urls import reverse
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsdesk.core.roles import ADMINISTRATOR
from newsdesk.security import conf

BACKUP_CODE_COUNT = 10


def is_administrator(user):
    return user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists()


def is_required(user):
    """True when this person may not use the back office without two-factor sign-in."""
    return bool(
        conf.get("REQUIRE_2FA_FOR_ADMINS") and user.is_staff and is_administrator(user)
    )


def has_two_factor(user):
    return user_has_device(user, confirmed=True)


def pending_step(user):
    """"verify", "setup" or None: what this signed-in person must do before going on."""
    if has_two_factor(user):
        return None if user.is_verified() else "verify"
    if is_required(user):
        return "setup"
    return None


def is_exempt_path(path):
    """Pages a person half-way through signing in may reach."""
    return path in {
        reverse("security:two-factor-verify"),
        reverse("security:two-factor-setup"),
        reverse("admin:logout"),
    }


def pending_device(user):
    """The authenticator being set up (unconfirmed), created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


def confirm(device, token):
    """Confirm a new authenticator with its first code; True on success."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def new_backup_codes(user):
    """Replace the person's backup codes with fresh ones and return them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_backup_codes(user):
    return StaticToken.objects.filter(device__user=user).count()


def turn_off(user):
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def setup_url():
    return reverse("security:two-factor-setup")
