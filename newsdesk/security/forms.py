from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from newsdesk.security import conf


class CodeForm(forms.Form):
    """One code: from the authenticator app, or a backup code."""

    code = forms.CharField(
        label=_("Code"), max_length=16, strip=True,
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
            "autocapitalize": "off",
        }),
    )
    error_messages = {
        "invalid": _("That code is not right or has expired. Enter the current code from "
                     "your app, or one of your backup codes."),
    }

    def __init__(self, user, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if self.device is not None:  # confirming a new authenticator: only its own code
            from newsdesk.security.twofactor import confirm

            matched = self.device if confirm(self.device, code) else None
        else:
            matched = match_token(self.user, code)
        if matched is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        self.matched_device = matched
        return code


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, with links built from NEWSDESK_BASE_URL and a per-address limit.

    The link never comes from the request's Host header, so a forged Host cannot
    send someone a reset link to another site. The limit keeps an address from
    being flooded; over it, the form still says the email was sent, as it does
    for unknown addresses, so neither reveals whether an account exists.
    """

    def save(self, **kwargs):
        base = urlsplit(settings.NEWSDESK_BASE_URL)
        kwargs.update(domain_override=base.netloc, use_https=base.scheme == "https")
        key = f"security:password-reset:{self.cleaned_data['email'].strip().lower()}"
        sent = cache.get(key, 0)
        if sent >= conf.get("PASSWORD_RESETS_PER_HOUR"):
            return
        cache.set(key, sent + 1, 3600)
        super().save(**kwargs)
