"""Reading the figures back: daily series, top articles, referrers, CSV rows.

The admin dashboard, the per-article page, the CSV export and `newsdesk stats`
all read through these functions.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from newsdesk.audience.models import DailyStat, ReferrerStat
from newsdesk.publishing.models import Article

PERIODS = (30, 90, 365)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def each_day(self):
        return [self.start + datetime.timedelta(days=offset) for offset in range(self.days)]


def last_days(days, today=None):
    """The period of `days` days that ends today (in the newsroom's time zone)."""
    end = today or timezone.localdate()
    return Period(start=end - datetime.timedelta(days=days - 1), end=end)


def _in_period(queryset, period, article=None):
    queryset = queryset.filter(day__gte=period.start, day__lte=period.end)
    if article is not None:
        queryset = queryset.filter(article=article)
    return queryset


def daily_series(period, article=None):
    """[(day, views, visitors)] for every day of the period, zeros included."""
    rows = {
        row["day"]: row
        for row in _in_period(DailyStat.objects, period, article)
        .values("day").annotate(views=Sum("views"), visitors=Sum("visitors"))
    }
    return [
        (day, rows.get(day, {}).get("views", 0), rows.get(day, {}).get("visitors", 0))
        for day in period.each_day()
    ]


def totals(period, article=None):
    """{"views", "visitors", "likes", "unlikes"} summed over the period."""
    sums = _in_period(DailyStat.objects, period, article).aggregate(
        views=Sum("views"), visitors=Sum("visitors"), likes=Sum("likes"), unlikes=Sum("unlikes"),
    )
    return {name: value or 0 for name, value in sums.items()}


def top_articles(period, limit=10):
    """Articles with the most page views in the period, with their figures."""
    rows = list(
        _in_period(DailyStat.objects, period)
        .values("article")
        .annotate(views=Sum("views"), visitors=Sum("visitors"), likes=Sum("likes"),
                  unlikes=Sum("unlikes"))
        .order_by("-views", "-visitors", "article")[:limit]
    )
    articles = Article.objects.in_bulk([row["article"] for row in rows])
    return [{**row, "article": articles[row["article"]]} for row in rows]


def referrer_domains(period, article=None, limit=20):
    """[(domain, views)] of the period, most views first; "" stands for no referrer."""
    return list(
        _in_period(ReferrerStat.objects, period, article)
        .values("domain").annotate(total=Sum("views"))
        .order_by("-total", "domain").values_list("domain", "total")[:limit]
    )


def export_rows(period):
    """One row per article and day, oldest first, for the CSV export."""
    return (
        _in_period(DailyStat.objects, period)
        .order_by("day", "article_id")
        .values_list("day", "article_id", "article__title", "views", "visitors", "likes",
                     "unlikes")
        .iterator(chunk_size=2000)
    )
