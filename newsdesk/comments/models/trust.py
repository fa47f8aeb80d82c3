from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Commenter(models.Model):
    """A commenter's history, keyed by a keyed hash of their email (identity.email_hash)."""

    class Trust(models.TextChoices):
        AUTOMATIC = "auto", _("By their history")
        TRUSTED = "trusted", _("Always trusted: published at once")
        HOLD = "hold", _("Always held for a moderator")

    email_hash = models.CharField(max_length=64, unique=True, editable=False)
    approved_count = models.PositiveIntegerField(_("approved comments"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected comments"), default=0)
    trust = models.CharField(_("trust"), max_length=10, choices=Trust.choices,
                             default=Trust.AUTOMATIC)
    name = models.CharField(_("last name used"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("commenter")
        verbose_name_plural = _("commenters")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.name or self.email_hash[:12]

    @property
    def decisions(self):
        return self.approved_count + self.rejected_count

    @property
    def rejection_rate(self):
        return self.rejected_count / self.decisions if self.decisions else 0.0


class BanQuerySet(models.QuerySet):
    def in_force(self, now=None):
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class Ban(models.Model):
    """A commenter refused, by email hash or by address prefix, with the reason they are told."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email address")
        NETWORK = "network", _("Address prefix")

    kind = models.CharField(_("banned by"), max_length=10, choices=Kind.choices)
    value = models.CharField(
        _("value"), max_length=64,
        help_text=_("The email's keyed hash, or a network such as 203.0.113.0/24."),
    )
    label = models.CharField(
        _("who"), max_length=200, blank=True,
        help_text=_("For moderators: the name used, or a note. Shown to nobody else."),
    )
    reason = models.TextField(
        _("reason"), help_text=_("Shown to the commenter when a comment is refused."),
    )
    expires_at = models.DateTimeField(_("ends"), null=True, blank=True,
                                      help_text=_("Empty: until lifted."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("banned by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("banned"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    objects = BanQuerySet.as_manager()

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "value"], name="ban_lookup")]

    def __str__(self):
        return f"{self.label or self.value[:16]}: {' '.join(self.reason.split())[:60]}"

    @property
    def in_force(self):
        now = timezone.now()
        return self.lifted_at is None and (self.expires_at is None or self.expires_at > now)
