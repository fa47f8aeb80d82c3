from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsdesk.publishing.models import Article


class Report(models.Model):
    """A reader's notice about a comment, kept with the decision (the DSA's notice and action).

    The comment's text and author are copied when the report is made, so the
    record still says what was reported after the comment is removed or erased.
    """

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abuse, harassment or hate")
        OFF_TOPIC = "off_topic", _("Off-topic")
        ILLEGAL = "illegal", _("Illegal content")

    class Decision(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        REMOVED = "removed", _("Comment removed")
        KEPT = "kept", _("Comment kept")

    comment = models.ForeignKey(
        "comments.Comment", verbose_name=_("comment"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reports",
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    comment_text = models.TextField(_("reported text"), blank=True)
    comment_author = models.CharField(_("reported author"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    explanation = models.TextField(_("explanation"), blank=True)
    email = models.EmailField(
        _("reporter's email"), max_length=254, blank=True,
        help_text=_("Given by the reporter to hear the outcome; never shown to readers."),
    )
    reporter = models.CharField(_("reporter"), max_length=32, editable=False,
                                help_text=_("A keyed hash of the reporter's address."))
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True, db_index=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.OPEN,
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    outcome_sent_at = models.DateTimeField(_("reporter told"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_reader"),
        ]
        indexes = [models.Index(fields=["decision", "created_at"], name="report_decision")]

    def __str__(self):
        return f"{self.get_reason_display()}: {' '.join(self.comment_text.split())[:60]}"
