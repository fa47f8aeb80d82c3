"""Admin API tokens, webhook endpoints and their delivery log.

A token is shown once, when it is made; only its SHA-256 is kept (a random
32-byte secret needs no slow hash: there is nothing to guess from, and every
API request checks one). It belongs to a staff member and acts with their
permissions at the moment of each request, so a role taken away is taken from
their tokens too.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Token(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("What uses it, e.g. “Desk app on Mara's laptop”."))
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False,
                              help_text=_("The start of the token, to recognise it."))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True,
                                      help_text=_("Empty: valid until revoked."))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        permissions = [("manage_all_tokens", _("Can make and revoke every staff member's tokens"))]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def lifetime_left(self):
        if self.expires_at is None:
            return None
        return max(self.expires_at - timezone.now(), datetime.timedelta(0))


class Event(models.TextChoices):
    STORY_PUBLISHED = "story.published", _("Story published")
    STORY_UPDATED = "story.updated", _("Published story updated")
    STORY_UNPUBLISHED = "story.unpublished", _("Story unpublished")
    STORY_DELETED = "story.deleted", _("Published story deleted")
    PAGE_CHANGED = "page.changed", _("Page changed")
    COMMENT_APPROVED = "comment.approved", _("Comment approved")
    NEWSLETTER_SENT = "newsletter.sent", _("Newsletter sent")


class Endpoint(models.Model):
    url = models.URLField(_("address"), max_length=1000,
                          help_text=_("Where newsdesk sends events, e.g. https://chat.example.org/hooks/news"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list,
                              help_text=_("The events sent to this address."))
    secret = models.CharField(
        _("signing secret"), max_length=100, editable=False,
        help_text=_("Receivers check each delivery's signature with it (Standard Webhooks)."),
    )
    active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(_("why it was switched off"), max_length=300,
                                       blank=True, editable=False)
    failures_in_a_row = models.PositiveIntegerField(_("failed deliveries in a row"), default=0,
                                                    editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["url", "pk"]

    def __str__(self):
        return self.description or self.url

    def wants(self, event):
        return self.active and event in self.events


class Delivery(models.Model):
    """One event for one endpoint: its payload as sent, and how its tries went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    endpoint = models.ForeignKey(Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE,
                                 related_name="deliveries")
    message_id = models.CharField(_("message id"), max_length=40, editable=False)
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"), editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    response_ms = models.PositiveIntegerField(_("last response time (ms)"), null=True,
                                              blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"


class Attempt(models.Model):
    """One try of a delivery, for the log."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField(_("time"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    response_ms = models.PositiveIntegerField(_("response time (ms)"), null=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("try")
        verbose_name_plural = _("tries")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
