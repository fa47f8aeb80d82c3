from django import template

from newsdesk.audience import stats

register = template.Library()

ARTICLE_PAGE_DAYS = 30


@register.simple_tag(takes_context=True)
def article_readers(context, article):
    """The article's recent chart for its admin page, or None without the permission."""
    from newsdesk.audience.admin import chart_for

    request = context.get("request")
    if article is None or not article.pk or request is None:
        return None
    if not request.user.has_perm("audience.view_dailystat"):
        return None
    period = stats.last_days(ARTICLE_PAGE_DAYS)
    return {
        "period": period,
        "chart": chart_for(period, article, chart_id="audience-article-chart"),
        "totals": stats.totals(period, article),
    }
