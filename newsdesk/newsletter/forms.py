from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from newsdesk.newsletter import conf, tokens

TOKEN_MESSAGES = {
    "invalid": _("Please press Subscribe once more to confirm."),
    "too-fast": _("That was very quick. Please press Subscribe once more."),
}


class ListsField(forms.ModelMultipleChoiceField):
    """Lists by their name in the page's language."""

    def label_from_instance(self, obj):
        return obj.local_name


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), max_length=254,
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter a valid email address, such as name@example.org."),
        },
    )
    lists = ListsField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
                       label=_("Newsletters"))
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS and from assistive technology; bots fill it.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, lists, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = lists
        self.now = now

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        local, _, domain = email.rpartition("@")
        if "." not in domain:  # Django accepts name@localhost; nobody reads mail there
            raise ValidationError(self.fields["email"].error_messages["invalid"], code="invalid")
        return email

    def clean(self):
        cleaned = super().clean()
        if self.errors:  # the address comes first; the form goes back with a fresh token anyway
            return cleaned
        age = tokens.form_age(self.data.get("token"), self.now)
        if age is None:
            self.add_error(None, ValidationError(TOKEN_MESSAGES["invalid"], code="invalid"))
        elif age < conf.get("MIN_SECONDS"):
            self.add_error(None, ValidationError(TOKEN_MESSAGES["too-fast"], code="too-fast"))
        return cleaned


class PreferencesForm(forms.Form):
    lists = ListsField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
                       label=_("Newsletters"))
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("Language of the emails"))
    paused = forms.BooleanField(required=False, label=_("Pause all emails for now"))

    def __init__(self, *args, lists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = lists
