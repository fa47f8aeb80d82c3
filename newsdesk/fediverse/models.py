"""What federation keeps: local actors' keys, remote actors, followers, what arrived
(replies, likes and boosts, counted apart from the site's own likes), blocked
domains and outgoing deliveries."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.publishing.models import Article


class LocalKey(models.Model):
    """The RSA key pair a local actor signs with: `site` or `author:<pk>`."""

    actor = models.CharField(max_length=60, unique=True)
    private_pem = models.TextField(editable=False)
    public_pem = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self):
        return self.actor


class RemoteActor(models.Model):
    uri = models.URLField(_("address"), max_length=500, unique=True)
    domain = models.CharField(_("server"), max_length=255, db_index=True)
    username = models.CharField(_("username"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    profile_url = models.URLField(_("profile"), max_length=500, blank=True)
    inbox = models.URLField(max_length=500)
    shared_inbox = models.URLField(max_length=500, blank=True)
    key_id = models.URLField(max_length=500, db_index=True)
    public_pem = models.TextField()
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("remote account")
        verbose_name_plural = _("remote accounts")
        ordering = ["domain", "username"]

    def __str__(self):
        return f"@{self.username}@{self.domain}" if self.username else self.uri

    @property
    def delivery_inbox(self):
        return self.shared_inbox or self.inbox


class Follower(models.Model):
    local = models.CharField(_("followed account"), max_length=60,
                             help_text="`site` or `author:<pk>`")
    actor = models.ForeignKey(RemoteActor, verbose_name=_("follower"), on_delete=models.CASCADE,
                              related_name="follows")
    follow_id = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["local", "actor"],
                                               name="fediverse_follower_once")]

    def __str__(self):
        return f"{self.actor} → {self.local}"


class Following(models.Model):
    """A remote account this site follows (its Editors follow from the back office)."""

    local = models.CharField(max_length=60, default="site")
    actor = models.ForeignKey(RemoteActor, on_delete=models.CASCADE, related_name="+")
    follow_id = models.URLField(max_length=500, unique=True)
    accepted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("followed account")
        verbose_name_plural = _("followed accounts")

    def __str__(self):
        return f"{self.local} → {self.actor}"


class Interaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        BOOST = "boost", _("Boost")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    article = models.ForeignKey(Article, verbose_name=_("story"), on_delete=models.CASCADE,
                                related_name="fediverse_interactions")
    actor = models.URLField(_("by"), max_length=500)
    activity_id = models.URLField(max_length=500, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("like or boost")
        verbose_name_plural = _("likes and boosts")
        constraints = [models.UniqueConstraint(fields=["kind", "article", "actor"],
                                               name="fediverse_interaction_once")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"


class Reply(models.Model):
    """A fediverse reply to a story, and the comment it became in the moderation queue."""

    note_id = models.URLField(_("remote post"), max_length=500, unique=True)
    url = models.URLField(_("remote page"), max_length=500, blank=True)
    article = models.ForeignKey(Article, verbose_name=_("story"), on_delete=models.CASCADE,
                                related_name="fediverse_replies")
    actor = models.ForeignKey(RemoteActor, verbose_name=_("by"), on_delete=models.CASCADE)
    comment_id = models.PositiveBigIntegerField(_("comment"), null=True, blank=True)
    deleted = models.BooleanField(_("deleted by its author"), default=False)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("fediverse reply")
        verbose_name_plural = _("fediverse replies")
        ordering = ["-received_at"]

    def __str__(self):
        return self.note_id


class BlockedDomain(models.Model):
    domain = models.CharField(_("server"), max_length=255, unique=True,
                              help_text=_("e.g. spam.example; its subdomains are blocked too."))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("blocked since"), default=timezone.now)

    class Meta:
        verbose_name = _("blocked server")
        verbose_name_plural = _("blocked servers")
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().rstrip(".")
        super().save(*args, **kwargs)


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    actor = models.CharField(_("sent as"), max_length=60)
    inbox = models.URLField(_("inbox"), max_length=500)
    activity = models.JSONField(_("activity"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True)

    class Meta:
        verbose_name = _("fediverse delivery")
        verbose_name_plural = _("fediverse deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.activity.get('type')} → {self.inbox}"


class SeenSignature(models.Model):
    """Signatures of requests already received, kept while their Date is valid (replays)."""

    digest = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.digest


class Post(models.Model):
    """A post by an account this site follows (a partner newsroom), as it last arrived."""

    object_id = models.URLField(_("address"), max_length=500, unique=True)
    actor = models.ForeignKey(RemoteActor, verbose_name=_("by"), on_delete=models.CASCADE,
                              related_name="posts")
    kind = models.CharField(_("type"), max_length=20)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("page"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_count = models.PositiveIntegerField(_("updates"), default=0)
    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        verbose_name = _("post from a followed account")
        verbose_name_plural = _("posts from followed accounts")
        ordering = ["-received_at"]

    def __str__(self):
        return self.title or self.object_id
