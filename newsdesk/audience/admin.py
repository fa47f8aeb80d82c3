"""Statistics in the back office: a dashboard, a page per article, a CSV export.

The dashboard is the "Statistics" entry of the admin index: the change list of
DailyStat, replaced by charts and tables, so it is linked, permission-checked
(audience.view_dailystat, given to Editors) and breadcrumbed like any other
admin page without touching the admin site itself.
"""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from newsdesk.audience import charts, stats
from newsdesk.audience.models import DailyStat
from newsdesk.publishing.models import Article

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def chart_for(period, article=None, chart_id="audience-chart"):
    """The views and visitors chart of a period, with its figures for a table."""
    series = stats.daily_series(period, article)
    days = [day for day, _views, _visitors in series]
    views = [views for _day, views, _visitors in series]
    visitors = [visitors for _day, _views, visitors in series]
    svg = charts.line_chart(
        days,
        [(_("Page views"), views, "views"), (_("Unique visitors"), visitors, "visitors")],
        title=_("Page views and unique visitors per day"),
        description=_(
            "From %(start)s to %(end)s: %(views)s page views, %(visitors)s unique visitors; "
            "the busiest day had %(peak)s page views."
        ) % {
            "start": period.start.isoformat(), "end": period.end.isoformat(),
            "views": sum(views), "visitors": sum(visitors), "peak": max(views, default=0),
        },
        chart_id=chart_id,
    )
    return {"svg": svg, "rows": series}


def _period(request):
    try:
        days = int(request.GET.get("days", stats.PERIODS[0]))
    except ValueError:
        days = stats.PERIODS[0]
    return stats.last_days(days if days in stats.PERIODS else stats.PERIODS[0])


def _safe_cell(value):
    """Keep spreadsheets from running a title as a formula (CSV injection)."""
    text = str(value)
    return f"'{text}" if text.startswith(CSV_FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


@admin.register(DailyStat)
class StatisticsAdmin(admin.ModelAdmin):
    """Read-only: the figures are written by counting, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("article/<int:pk>/", view(self.article_view), name="audience_dailystat_article"),
            path("export.csv", view(self.export_view), name="audience_dailystat_export"),
        ] + super().get_urls()

    def _context(self, request, period, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "period": period,
            "periods": stats.PERIODS,
            "totals": stats.totals(period, extra.get("article")),
            **extra,
        }

    def _require_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def changelist_view(self, request, extra_context=None):
        self._require_view(request)
        period = _period(request)
        context = self._context(
            request, period,
            title=_("Readers"),
            chart=chart_for(period),
            top_articles=stats.top_articles(period, limit=20),
            referrers=stats.referrer_domains(period),
            export_url=reverse("admin:audience_dailystat_export") + f"?days={period.days}",
        )
        return TemplateResponse(request, "audience/admin/dashboard.html", context)

    def article_view(self, request, pk):
        self._require_view(request)
        article = get_object_or_404(Article, pk=pk)
        period = _period(request)
        context = self._context(
            request, period,
            title=_("Readers of “%(title)s”") % {"title": article.title},
            article=article,
            chart=chart_for(period, article),
            referrers=stats.referrer_domains(period, article),
        )
        return TemplateResponse(request, "audience/admin/article.html", context)

    def export_view(self, request):
        self._require_view(request)
        period = _period(request)
        writer = csv.writer(_Echo())
        header = ["date", "article_id", "title", "page_views", "unique_visitors", "likes",
                  "likes_withdrawn"]

        def rows():
            # A byte order mark, so spreadsheet programs read Chinese titles as UTF-8.
            yield "\ufeff" + writer.writerow(header)
            for day, article_id, title, *figures in stats.export_rows(period):
                yield writer.writerow([day.isoformat(), article_id, _safe_cell(title), *figures])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        filename = f"newsdesk-statistics-{period.start}-{period.end}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
