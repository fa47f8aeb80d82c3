"""What the consent manager stores.

Texts (categories, banner, policy) and cookie declarations are edited in the
back office in every language of settings.LANGUAGES (core.translation); every
change announces `site_changed` (see apps.py) so cached pages refresh.
ConsentRecord is append-only and hash-chained (chain.py does the appending,
verifying and purging).
"""

import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.core.translation import Translated, TranslationsField

GENESIS_HASH = "0" * 64


class CategoryKey(models.TextChoices):
    NECESSARY = "necessary", _("Necessary")
    FUNCTIONAL = "functional", _("Functional")
    ANALYTICS = "analytics", _("Analytics")
    PERFORMANCE = "performance", _("Performance")
    ADVERTISEMENT = "advertisement", _("Advertisement")


CATEGORY_KEYS = tuple(CategoryKey.values)
OPTIONAL_CATEGORIES = CATEGORY_KEYS[1:]


class CookieCategory(Translated, models.Model):
    translated_fields = ("name", "description")

    key = models.CharField(
        _("category"), max_length=20, choices=CategoryKey.choices, unique=True, editable=False
    )
    position = models.PositiveSmallIntegerField(_("position"), editable=False)
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("description"))
    translations = TranslationsField()

    class Meta:
        verbose_name = _("cookie category")
        verbose_name_plural = _("cookie categories")
        ordering = ["position"]

    def __str__(self):
        return self.localised("name")

    @property
    def is_necessary(self):
        return self.key == CategoryKey.NECESSARY


class ConsentPolicy(Translated, models.Model):
    """The banner's and the cookie policy's texts, and the policy revision (one row)."""

    translated_fields = ("banner_title", "banner_text", "opt_out_text", "centre_intro",
                         "policy_intro")

    banner_title = models.CharField(_("banner title"), max_length=120)
    banner_text = models.TextField(_("banner text"))
    opt_out_text = models.TextField(
        _("banner text under the opt-out regime"),
        help_text=_("Shown instead of the banner text where optional cookies are on by default."),
    )
    centre_intro = models.TextField(
        _("preferences centre introduction"),
        help_text=_("The first paragraph is shown; the others appear under “Show more”. "
                    "Separate paragraphs with a blank line."),
    )
    policy_intro = models.TextField(_("cookie policy introduction"))
    translations = TranslationsField()
    revision = models.PositiveIntegerField(
        _("policy revision"), default=1,
        help_text=_("Raise it when the use of cookies changes materially: every reader is "
                    "asked again, and earlier choices no longer count."),
    )
    revised_at = models.DateTimeField(_("revised"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("consent texts and policy revision")
        verbose_name_plural = _("consent texts and policy revision")

    def __str__(self):
        return str(_("Consent texts, revision %(revision)s") % {"revision": self.revision})

    def save(self, *args, **kwargs):
        self.pk = 1
        previous = ConsentPolicy.objects.filter(pk=1).values_list("revision", flat=True).first()
        if previous is not None and previous != self.revision:
            self.revised_at = timezone.now()
        super().save(*args, **kwargs)

    def intro_paragraphs(self):
        paragraphs = re.split(r"\n\s*\n", self.localised("centre_intro"))
        return [paragraph.strip() for paragraph in paragraphs if paragraph.strip()]


class CookieDeclaration(Translated, models.Model):
    translated_fields = ("description",)

    class Storage(models.TextChoices):
        COOKIE = "cookie", _("cookie")
        LOCAL = "local", _("local storage")
        SESSION = "session", _("session storage")

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        KNOWLEDGE = "knowledge", _("knowledge base")
        SCAN = "scan", _("found by the scanner")

    name = models.CharField(
        _("name"), max_length=200,
        help_text=_("The exact name, or a pattern with * for any characters (e.g. _ga_*)."),
    )
    storage = models.CharField(
        _("kept in"), max_length=10, choices=Storage.choices, default=Storage.COOKIE
    )
    domain = models.CharField(
        _("domain"), max_length=253, blank=True,
        help_text=_("Empty: this site. Otherwise the domain that sets it, e.g. .youtube.com."),
    )
    category = models.ForeignKey(
        CookieCategory, verbose_name=_("category"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="declarations",
        help_text=_("Empty: uncategorised, waiting for review. Leave category and description "
                    "empty to fill them from the knowledge base when it knows the name."),
    )
    provider = models.CharField(_("provider"), max_length=100, blank=True)
    lifetime = models.PositiveIntegerField(
        _("duration"), null=True, blank=True,
        help_text=_("E.g. 30 minutes, 1 day, 13 months, 2 years; empty or “session”: "
                    "until the browser closes."),
    )
    description = models.TextField(_("description"), blank=True)
    translations = TranslationsField()
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    last_seen = models.DateTimeField(
        _("last seen"), null=True, blank=True, editable=False,
        help_text=_("When `newsdesk scan-cookies` last saw it on the site."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cookie declaration")
        verbose_name_plural = _("cookie declarations")
        ordering = ["category__position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "domain", "storage"], name="consent_declaration_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_pattern(self):
        return "*" in self.name

    def matches(self, name):
        return name_matches(self.name, name)


def name_matches(pattern, name):
    """True when a cookie name fits a declared name or *-pattern (nothing else is special)."""
    if "*" not in pattern:
        return pattern == name
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, name) is not None


class Snippet(models.Model):
    class Placement(models.TextChoices):
        HEAD = "head", _("end of <head>")
        BODY = "body", _("end of <body>")

    name = models.CharField(_("name"), max_length=100, help_text=_("E.g. “Matomo analytics”."))
    category = models.ForeignKey(
        CookieCategory, verbose_name=_("category"), on_delete=models.PROTECT,
        related_name="snippets",
        help_text=_("The snippet runs only for readers who granted this category."),
    )
    placement = models.CharField(
        _("placement"), max_length=10, choices=Placement.choices, default=Placement.BODY
    )
    code = models.TextField(
        _("code"),
        help_text=_("The provider's HTML as given. Its scripts, iframes and images stay inert "
                    "until the reader grants the category; its noscript fallbacks are dropped."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    position = models.SmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("third-party snippet")
        verbose_name_plural = _("third-party snippets")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name

    def gated_html(self):
        """The code as it appears in pages: inert until its category is granted."""
        from newsdesk.consent.blocking import gate

        if self.category.is_necessary:
            return self.code
        return gate(self.code, self.category.key)


class RecordQuerySet(models.QuerySet):
    """Records are never changed or deleted one by one; only the retention purge removes them."""

    def update(self, **kwargs):
        raise TypeError("Consent records are append-only.")

    def delete(self):
        raise TypeError("Consent records are append-only: use chain.purge_expired().")

    def _purge(self):
        return super().delete()


class ConsentRecord(models.Model):
    class Action(models.TextChoices):
        ACCEPT_ALL = "accept_all", _("accept all")
        REJECT_ALL = "reject_all", _("reject all")
        CUSTOM = "custom", _("custom choice")
        WITHDRAW = "withdraw", _("withdrawal")

    class Source(models.TextChoices):
        BANNER = "banner", _("banner")
        CENTRE = "centre", _("preferences centre")
        FOOTER = "footer", _("footer link")
        PLACEHOLDER = "placeholder", _("embed placeholder")
        API = "api", _("API")

    consent_id = models.UUIDField(_("consent id"), db_index=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    source = models.CharField(_("taken in"), max_length=12, choices=Source.choices)
    granted = models.CharField(_("granted"), max_length=120, blank=True)
    denied = models.CharField(_("denied"), max_length=120, blank=True)
    revision = models.PositiveIntegerField(_("policy revision"))
    regime = models.CharField(_("regime"), max_length=10)
    language = models.CharField(_("language"), max_length=10)
    page = models.CharField(_("page"), max_length=500, blank=True)
    ip = models.CharField(_("IP network"), max_length=45, blank=True,
                          help_text=_("Truncated to /24 (IPv4) or /48 (IPv6)."))
    browser = models.CharField(_("browser"), max_length=40, blank=True)
    gpc = models.BooleanField(_("Global Privacy Control"), default=False)
    previous_hash = models.CharField(_("previous record's hash"), max_length=64, unique=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.consent_id} · {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Consent records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Consent records are append-only.")


class ChainHead(models.Model):
    """The end of the record chain (one row), locked by every writer so the chain cannot fork."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    length = models.PositiveBigIntegerField(default=0)
    purged_count = models.PositiveBigIntegerField(default=0)
    purged_through_hash = models.CharField(
        max_length=64, default=GENESIS_HASH,
        help_text="Hash of the newest purged record: where the remaining chain must start.",
    )

    class Meta:
        verbose_name = _("consent record chain")

    def __str__(self):
        return self.last_hash
