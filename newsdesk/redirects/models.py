from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def validate_old_path(value):
    if not value.startswith("/"):
        raise ValidationError(
            _("Start the old address with a slash, e.g. /2019/05/hello-world/."), code="relative",
        )


def validate_new_path(value):
    if value and not value.startswith(("/", "https://", "http://")):
        raise ValidationError(
            _("Use a path starting with a slash or a full address starting with https://."),
            code="invalid",
        )


class Redirect(models.Model):
    """An old address answered with a permanent redirect (or 410 Gone when it has no target).

    The target is either a fixed address (new_path) or an item of the site
    (an article, category, tag...), whose current address is used, so the
    redirect follows the item when its slug changes.
    """

    class Source(models.TextChoices):
        EDITOR = "editor", _("Added by an editor")
        WORDPRESS = "wordpress", _("WordPress import")

    old_path = models.CharField(
        _("old address"), max_length=1000, unique=True, validators=[validate_old_path],
        help_text=_("A path such as /2019/05/03/hello-world/ or /?p=123, without the domain."),
    )
    new_path = models.CharField(
        _("new address"), max_length=1000, blank=True, validators=[validate_new_path],
        help_text=_(
            "A path such as /en/2024/05/hello/ or a full address. Leave empty to answer "
            "“410 Gone”, or when the redirect points to an item."
        ),
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("item type"), null=True, blank=True, on_delete=models.CASCADE,
    )
    object_id = models.PositiveBigIntegerField(_("item id"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True,
        help_text=_("For items without a language of their own (categories, tags). "
                    "Empty: the visitor's preferred language."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.EDITOR,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        ordering = ["old_path"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="redirect_target")]

    def __str__(self):
        return f"{self.old_path} → {self.new_path or self.target or '410'}"

    def clean(self):
        if self.new_path and self.new_path == self.old_path:
            raise ValidationError(
                {"new_path": _("The new address must differ from the old one.")}, code="loop",
            )

    def destination(self, fallback_language=None):
        """The URL to send visitors to; "" means gone (or the target is not public)."""
        if self.new_path:
            return self.new_path
        if self.content_type_id is None:
            return ""
        return url_of(self.target, self.language or fallback_language)


def url_of(item, language=None):
    """The item's address under its own language, or `language`; "" if not public."""
    if item is None:
        return ""
    if getattr(item, "is_live", True) is False:
        return ""  # a draft or scheduled article: do not reveal its address early
    language = getattr(item, "language", None) or language or settings.LANGUAGE_CODE
    with translation.override(language):
        return item.get_absolute_url()
