from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedObject(models.Model):
    """One WordPress object and the newsdesk row it became: the import's memory.

    Re-imports find their rows here (by WordPress id, then GUID), so nothing is
    duplicated; publishing's models carry no WordPress fields.
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", _("Author")
        CATEGORY = "category", _("Category")
        TAG = "tag", _("Tag")
        POST = "post", _("Post")
        FILE = "file", _("Uploaded file")
        COMMENT = "comment", _("Comment")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    wp_id = models.CharField(
        _("WordPress key"), max_length=500,
        help_text=_("Post or comment id; author login; term slug; upload path."),
    )
    guid = models.CharField(_("GUID"), max_length=1000, blank=True)
    slug = models.CharField(_("WordPress slug"), max_length=500, blank=True, db_index=True)
    old_url = models.CharField(_("old address"), max_length=1000, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type"), null=True, blank=True, on_delete=models.CASCADE,
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    checksum = models.CharField(
        _("checksum"), max_length=64, blank=True,
        help_text=_("Of the WordPress data last imported: unchanged data is skipped."),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported object")
        verbose_name_plural = _("imported objects")
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "wp_id"], name="wordpress_unique_key"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="wordpress_target")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id}"
