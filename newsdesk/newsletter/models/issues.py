from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.newsletter.models.lists import NewsletterList
from newsdesk.newsletter.models.subscribers import Subscriber
from newsdesk.publishing.models import Article


class Issue(models.Model):
    """One sending: a story (on publish, or by hand) or a digest of a list's recent stories."""

    class Kind(models.TextChoices):
        STORY = "story", _("Story")
        DIGEST = "digest", _("Digest")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not sent")
        SCHEDULED = "scheduled", _("Waiting for publication")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Stopped")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STORY)
    article = models.ForeignKey(Article, verbose_name=_("story"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="newsletter_issues")
    send_on_publish = models.BooleanField(
        _("send to subscribers"), default=False,
        help_text=_("Email this story to the lists below when it is published (at its "
                    "publication time, if scheduled)."),
    )
    newsletter_lists = models.ManyToManyField(
        NewsletterList, verbose_name=_("lists"), blank=True, related_name="issues",
        help_text=_("Empty: the lists offered in the sign-up form for the story's language."),
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True,
                               help_text=_("Empty: the story's title."))
    digest_list = models.ForeignKey(NewsletterList, null=True, blank=True, editable=False,
                                    on_delete=models.CASCADE, related_name="digests")
    digest_articles = models.ManyToManyField(Article, blank=True, editable=False,
                                             related_name="+")
    period_end = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    planned_at = models.DateTimeField(_("recipients fixed"), null=True, blank=True,
                                      editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    problem = models.CharField(_("problem"), max_length=500, blank=True, editable=False,
                               help_text=_("Why sending is waiting, e.g. the mail server "
                                           "cannot be reached."))
    connection_failures = models.PositiveIntegerField(default=0, editable=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_issue", _("Can send newsletters to subscribers"))]
        constraints = [
            models.UniqueConstraint(fields=["digest_list", "period_end"],
                                    name="newsletter_one_digest_per_period"),
        ]

    def __str__(self):
        return self.subject_line

    @property
    def subject_line(self):
        if self.subject:
            return self.subject
        if self.article_id:
            return self.article.title
        return str(_("Digest"))


class SendRun(models.Model):
    """One worker sending an issue; its heartbeat tells others it is alive."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="runs")
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    heartbeat_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.issue_id} on {self.host}:{self.pid}"


class Delivery(models.Model):
    """One subscriber's copy of one issue: the record that makes sending exactly once.

    pending → claimed (by a run) → in_flight (written just before the message's final
    dot goes to the mail server) → sent | failed. sending.py explains the protocol.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CLAIMED = "claimed", _("Being sent")
        IN_FLIGHT = "in_flight", _("Handed to the mail server")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.SET_NULL,
                                   related_name="deliveries")
    newsletter_list = models.ForeignKey(NewsletterList, null=True, on_delete=models.SET_NULL,
                                        related_name="+")
    email = models.EmailField(max_length=254, blank=True)
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    run = models.ForeignKey(SendRun, null=True, on_delete=models.SET_NULL, related_name="+")
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reply = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"],
                                               name="newsletter_one_delivery_per_subscriber")]
        indexes = [models.Index(fields=["issue", "status", "id"],
                                name="newsletter_delivery_queue")]

    def __str__(self):
        return f"{self.issue_id} → {self.email}"
