import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsdesk.comments.identity import email_hash
from newsdesk.publishing.models import Article


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def for_email(self, email):
        return self.filter(email=normalize_email(email)) if email.strip() else self.none()

    def visible(self):
        """What readers may see: approved comments (hidden ones are pending again)."""
        return self.approved()


def normalize_email(email):
    """Emails are compared lower-cased; they are never shown, so case carries nothing."""
    return (email or "").strip().lower()


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        REJECTED = "rejected", _("Rejected")
        TRASH = "trash", _("Trash")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments",
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("in reply to"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="replies",
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    email = models.EmailField(
        _("email"), max_length=254, blank=True, db_index=True,
        help_text=_("Never shown to readers."),
    )
    website = models.URLField(_("website"), max_length=200, blank=True)
    text = models.TextField(_("comment"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING,
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Set when an editor replies from the back office."),
    )
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    notify_replies = models.BooleanField(_("notify of replies"), default=False)
    reply_notified = models.BooleanField(default=False, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    ip_truncated = models.BooleanField(_("IP address truncated"), default=False, editable=False)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    spam_reason = models.CharField(_("held or filed because"), max_length=200, blank=True)
    # A keyed hash of the email (identity.email_hash): what trust and bans are keyed on.
    email_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    featured_at = models.DateTimeField(_("featured"), null=True, blank=True, editable=False)
    respect_count = models.PositiveIntegerField(_("respect"), default=0, editable=False)
    open_reports = models.PositiveIntegerField(
        _("open reports"), default=0, editable=False,
        help_text=_("Readers' reports waiting for a moderator's decision."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    # What this comment adds to its commenter's history ("approved", "rejected" or ""),
    # so that a status changed twice, or an import run twice, is counted once (trust.py).
    trust_counted = models.CharField(max_length=10, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("moderate_comment", _("Can moderate comments")),
            ("manage_personal_data", _("Can export and erase commenters' personal data")),
        ]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread"),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
            models.Index(fields=["open_reports"], name="comment_reported",
                         condition=models.Q(open_reports__gt=0)),
            models.Index(fields=["article", "featured_at"], name="comment_featured",
                         condition=models.Q(featured_at__isnull=False)),
        ]

    def __str__(self):
        excerpt = " ".join(self.text.split())[:60]
        return f"{self.name or _('Anonymous')}: {excerpt}"

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        self.email_hash = email_hash(self.email)
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_hash"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_by_editor(self):
        return self.user_id is not None

    @property
    def is_featured(self):
        return self.featured_at is not None


class Discussion(models.Model):
    """Per-article comment settings; an article without one follows the site's rules."""

    class Mode(models.TextChoices):
        AUTOMATIC = "automatic", _("Open, closing after the configured number of days")
        OPEN = "open", _("Always open")
        CLOSED = "closed", _("Closed")

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, primary_key=True,
        related_name="discussion",
    )
    mode = models.CharField(
        _("comments"), max_length=10, choices=Mode.choices, default=Mode.AUTOMATIC,
    )

    class Meta:
        verbose_name = _("discussion setting")
        verbose_name_plural = _("discussion settings")

    def __str__(self):
        return f"{self.article}: {self.get_mode_display()}"


class BlocklistEntry(models.Model):
    class Kind(models.TextChoices):
        WORD = "word", _("Word or phrase")
        EMAIL = "email", _("Email address or domain")
        IP = "ip", _("IP address or range")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(
        _("value"), max_length=200,
        help_text=_(
            "Words match anywhere in the comment, name, email, website or browser, ignoring "
            "case. Emails: an address, @domain (that domain and its subdomains) or a pattern "
            "with *. IP: an address or a range such as 203.0.113.0/24."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocklist entry")
        verbose_name_plural = _("blocklist")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="blocklist_unique_value"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        self.value = self.value.strip()
        if self.kind == self.Kind.EMAIL:
            self.value = self.value.lower()
        if self.kind == self.Kind.IP:
            try:
                ipaddress.ip_network(self.value, strict=False)
            except ValueError:
                raise ValidationError(
                    {"value": _("Enter an IP address or a range such as 203.0.113.0/24.")},
                    code="invalid_ip",
                ) from None


class AntispamCacheEntry(models.Model):
    """The table of Django's DatabaseCache holding rate-limit counters.

    Declared as a model so `migrate` creates it (no `createcachetable` step);
    the columns are the ones DatabaseCache expects. With Redis the cache alias
    moves there and this table stays empty.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "comments_antispam_cache"
        default_permissions = ()

    def __str__(self):
        return self.cache_key
