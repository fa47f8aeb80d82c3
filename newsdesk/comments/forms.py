from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from newsdesk.comments import conf, tokens
from newsdesk.comments.models import Comment, Report
from newsdesk.comments.text import clean_name

TOKEN_MESSAGES = {
    "invalid": _("This form could not be checked. Please look over your comment and send it "
                 "again."),
    "too-fast": _("That was very quick. Please look over your comment and send it again."),
    "expired": _("This form was open for a long time. Please look over your comment and send "
                 "it again."),
}


class CommentTextMixin:
    def clean_comment(self):
        text = self.cleaned_data["comment"].strip()
        if not text:
            raise ValidationError(_("Please write a comment."), code="required")
        limit = conf.get("MAX_LENGTH")
        if len(text) > limit:
            raise ValidationError(
                _("Your comment is %(length)d characters long; the limit is %(limit)d."),
                code="max_length", params={"length": len(text), "limit": limit},
            )
        return text


class CommentForm(CommentTextMixin, forms.Form):
    """The reader's comment form; `article` is the article being discussed."""

    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write a comment.")},
    )
    name = forms.CharField(
        label=_("Name"), max_length=100,
        error_messages={"required": _("Please enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254,
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter a valid email address, such as name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https",
        error_messages={"invalid": _("Please enter a web address such as https://example.org.")},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    notify = forms.BooleanField(label=_("Notify me of replies by email"), required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    # Set once the reader has been asked to reconsider (nudge.py): they are not asked again.
    reconsidered = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS and from assistive technology; bots fill it.
    subject = forms.CharField(
        label=_("Leave this field empty"), required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["comment"].widget.attrs["maxlength"] = conf.get("MAX_LENGTH")
        self.token_problem = None

    @property
    def is_bot(self):
        return bool(self.data.get("subject"))

    def clean_name(self):
        name = clean_name(self.cleaned_data["name"])
        if not name:
            raise ValidationError(_("Please enter your name."), code="required")
        return name

    def clean_website(self):
        website = self.cleaned_data["website"]
        if website and not website.lower().startswith(("http://", "https://")):
            raise ValidationError(self.fields["website"].error_messages["invalid"], code="invalid")
        return website

    def clean_parent(self):
        parent_id = self.cleaned_data["parent"]
        if not parent_id:
            return None
        parent = Comment.objects.approved().filter(article=self.article, pk=parent_id).first()
        if parent is None:
            raise ValidationError(
                _("The comment you are replying to is no longer available."), code="parent",
            )
        return parent

    def clean(self):
        cleaned = super().clean()
        try:
            tokens.check_form_token(self.data.get("token"), self.article.pk)
        except tokens.FormTokenError as problem:
            self.token_problem = problem.code
            self.add_error(None, ValidationError(TOKEN_MESSAGES[problem.code], code=problem.code))
        return cleaned


class EditForm(CommentTextMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write a comment.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].widget.attrs["maxlength"] = conf.get("MAX_LENGTH")


class ReportForm(forms.Form):
    """A reader's report about a comment; an explanation is required for illegal content."""

    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"), widget=forms.RadioSelect,
        choices=Report.Reason.choices,
        error_messages={"required": _("Please choose why you are reporting this comment."),
                        "invalid_choice": _("Please choose one of the reasons listed.")},
    )
    explanation = forms.CharField(
        label=_("Explanation"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        help_text=_("Required for illegal content: say which law you believe it breaks and "
                    "why."),
        error_messages={"max_length": _("Please keep the explanation under %(limit_value)d "
                                        "characters.")},
    )
    email = forms.EmailField(
        label=_("Your email (optional)"), required=False, max_length=254,
        help_text=_("Only to tell you what we decided. Never shown, never used for anything "
                    "else."),
        error_messages={"invalid": _("Please enter a valid email address, such as "
                                     "name@example.org.")},
    )
    good_faith = forms.BooleanField(
        label=_("I believe in good faith that what I say in this report is accurate and "
                "complete."), required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Report.Reason.ILLEGAL:
            if not cleaned.get("explanation", "").strip():
                self.add_error("explanation", ValidationError(
                    _("Please explain why you believe this comment is illegal."),
                    code="explanation_required"))
            if not cleaned.get("good_faith"):
                self.add_error("good_faith", ValidationError(
                    _("A report of illegal content needs this confirmation."),
                    code="good_faith_required"))
        return cleaned
