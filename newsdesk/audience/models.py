"""What the audience app keeps: daily figures per article, and short-lived visitor marks.

DailyStat and ReferrerStat are aggregates with nothing about any reader in
them; they are kept for ever. VisitorMark and LikeMark hold salted hashes that
let a visitor be recognised on the same article on the same day; they are
deleted once their day is over (services.prune_marks), and the salt behind
them never reaches the database, so they cannot be linked to anyone afterwards.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from newsdesk.publishing.models import Article


class DailyStat(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="daily_stats",
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(
        _("page views"), default=0, help_text=_("Every counted page view, repeats included."),
    )
    visitors = models.PositiveIntegerField(
        _("unique visitors"), default=0,
        help_text=_("Distinct visitors of this article on this day."),
    )
    likes = models.PositiveIntegerField(_("likes"), default=0)
    unlikes = models.PositiveIntegerField(_("likes withdrawn"), default=0)

    class Meta:
        verbose_name = _("statistics")
        verbose_name_plural = _("statistics")
        ordering = ["-day", "article"]
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="audience_daily_article_day"),
        ]
        indexes = [models.Index(fields=["day"], name="audience_daily_day")]

    def __str__(self):
        return f"{self.article_id} {self.day}"


class ReferrerStat(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+",
    )
    day = models.DateField(_("day"))
    domain = models.CharField(
        _("referring domain"), max_length=253, blank=True,
        help_text=_("Only the domain of the page the reader came from; empty: none known."),
    )
    views = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("referrer")
        verbose_name_plural = _("referrers")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day", "domain"], name="audience_referrer_article_day_domain",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="audience_referrer_day")]

    def __str__(self):
        return self.domain


class VisitorMark(models.Model):
    """This visitor (a salted hash) has been counted on this article today."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visitor = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day", "visitor"], name="audience_visitor_once_a_day",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="audience_visitor_day")]

    def __str__(self):
        return self.visitor


class LikeMark(models.Model):
    """This visitor's like (or withdrawal) of this article today."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visitor = models.CharField(max_length=32)
    liked = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day", "visitor"], name="audience_like_once_a_day",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="audience_like_day")]

    def __str__(self):
        return self.visitor


class StreamPosition(models.Model):
    """How far a Redis counter stream has been written to this database (drainer.py).

    Updated in the same transaction as the counts it covers, so an entry is
    written once whether the drainer dies before its commit or after it.
    """

    stream = models.CharField(max_length=200, unique=True)
    epoch = models.CharField(
        max_length=64, help_text="The stream's identity: a flushed Redis starts a new one.",
    )
    last_id = models.CharField(max_length=48, help_text="The last stream entry written.")

    def __str__(self):
        return f"{self.stream} {self.last_id}"
