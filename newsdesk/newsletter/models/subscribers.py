import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.core.hashchain import GENESIS_HASH
from newsdesk.newsletter.models.lists import NewsletterList


def normalize_email(email):
    """Addresses are compared lower-cased and without surrounding spaces."""
    return (email or "").strip().lower()


def new_secret():
    return secrets.token_hex(8)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Subscribed")
        PAUSED = "paused", _("Paused")
        UNSUBSCRIBED = "unsubscribed", _("Left")
        UNDELIVERABLE = "undeliverable", _("Undeliverable")

    class Source(models.TextChoices):
        FORM = "form", _("sign-up form")
        IMPORT = "import", _("import")
        ADMIN = "admin", _("back office")

    email = models.EmailField(_("email"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.FORM)
    lists = models.ManyToManyField(NewsletterList, through="Subscription",
                                   related_name="subscribers", verbose_name=_("lists"))
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    soft_failures = models.PositiveSmallIntegerField(
        _("temporary failures in a row"), default=0,
        help_text=_("Reset by every delivered message."),
    )
    last_failure = models.CharField(_("last failure"), max_length=300, blank=True)
    # Part of every signed link: changing it (erasure, a leaked link) voids all old links.
    secret = models.CharField(max_length=16, default=new_secret, editable=False)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def receives_mail(self):
        return self.status == self.Status.ACTIVE


class Subscription(models.Model):
    """A subscriber on a list; confirmed once they clicked the link in the email."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE,
                                   related_name="subscriptions")
    newsletter_list = models.ForeignKey(NewsletterList, verbose_name=_("list"),
                                        on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [models.UniqueConstraint(fields=["subscriber", "newsletter_list"],
                                               name="newsletter_one_subscription_per_list")]

    def __str__(self):
        return f"{self.subscriber} · {self.newsletter_list}"


class RecordQuerySet(models.QuerySet):
    """Records are never changed or deleted one by one; only the retention purge removes them."""

    def update(self, **kwargs):
        raise TypeError("Subscription records are append-only.")

    def delete(self):
        raise TypeError("Subscription records are append-only: use the retention purge.")

    def _purge(self):
        return super().delete()


class SubscriptionRecord(models.Model):
    """One entry of the tamper-evident subscription log (newsletter/records.py)."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("asked to subscribe")
        CONFIRMED = "confirmed", _("confirmed")
        IMPORTED = "imported", _("imported")
        CHANGED = "changed", _("changed preferences")
        PAUSED = "paused", _("paused")
        RESUMED = "resumed", _("resumed")
        UNSUBSCRIBED = "unsubscribed", _("left")
        UNDELIVERABLE = "undeliverable", _("marked undeliverable")
        ERASED = "erased", _("personal data erased")

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=15, choices=Action.choices)
    address = models.CharField(_("address"), max_length=80,
                               help_text=_("Truncated: enough to recognise, not to write to."))
    subscriber_key = models.CharField(
        max_length=32, db_index=True,
        help_text="Keyed hash of the address: finds one person's records for an export.",
    )
    lists = models.CharField(_("lists"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    text = models.TextField(_("text agreed to"), blank=True)
    source = models.CharField(_("source"), max_length=20, blank=True)
    ip = models.CharField(_("IP network"), max_length=45, blank=True)
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription record")
        verbose_name_plural = _("subscription records")
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.address} · {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Subscription records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Subscription records are append-only.")


class RecordHead(models.Model):
    """The end of the subscription log (one row), locked by every writer."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    length = models.PositiveBigIntegerField(default=0)
    purged_count = models.PositiveBigIntegerField(default=0)
    purged_through_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("subscription log")

    def __str__(self):
        return self.last_hash


class SignupAttempt(models.Model):
    """A sign-up, kept a day for the rate limits; keyed hashes only, never the address."""

    network_key = models.CharField(max_length=32, db_index=True)
    address_key = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_email = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.network_key[:8]} {self.created_at:%Y-%m-%d %H:%M}"
