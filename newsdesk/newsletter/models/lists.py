from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsdesk.core.translation import Translated, TranslationsField
from newsdesk.publishing.models import Category


class NewsletterList(Translated, models.Model):
    """A list readers subscribe to: one per language by default, more by section or topic."""

    class Digest(models.TextChoices):
        NONE = "none", _("No digest: stories only, when an editor sends them")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")

    translated_fields = ("name", "description")

    name = models.CharField(
        _("name"), max_length=100,
        help_text=_("In the site's default language; each other language's name is shown in "
                    "its interface and its emails, and an empty one means this name."),
    )
    slug = models.SlugField(
        _("slug"), max_length=60, unique=True,
        help_text=_("Part of the List-Id header mail programs use to recognise the list."),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True,
        help_text=_("The edition this list belongs to: its digests hold stories in this "
                    "language, and its form is offered on pages in it. Empty: every language."),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Digests hold only this section's stories (and its "
                                      "subsections'). Empty: every section."),
    )
    is_default = models.BooleanField(
        _("offered in the sign-up form"), default=False,
        help_text=_("The form on every page subscribes readers to the default lists of the "
                    "page's language."),
    )
    is_public = models.BooleanField(
        _("listed on the preferences page"), default=True,
        help_text=_("Subscribers can choose it on their preferences page."),
    )
    digest = models.CharField(_("digest"), max_length=10, choices=Digest.choices,
                              default=Digest.NONE)
    digest_time = models.TimeField(
        _("digest time"), default="07:00",
        help_text=_("When the digest goes out, in the site's time zone."),
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("weekday of the weekly digest"), default=0,
        choices=[(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
                 (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))],
    )
    last_digest_at = models.DateTimeField(
        _("last digest up to"), null=True, blank=True, editable=False,
        help_text=_("Stories published after this go into the next digest."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    translations = TranslationsField()

    class Meta:
        verbose_name = _("newsletter list")
        verbose_name_plural = _("newsletter lists")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    @property
    def local_name(self):
        return self.localised("name")

    @property
    def local_description(self):
        return self.localised("description")

    def list_id(self, host):
        """The List-Id header (RFC 2919): a name and <slug.host>."""
        name = self.name.replace('"', "'")
        return f'"{name}" <{self.slug}.{host}>'
