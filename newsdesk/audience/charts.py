"""Line charts drawn on the server as SVG: no charting library, no script.

The SVG carries a title and a description for screen readers; the page shows
the same figures as a table beside it. Colours come from CSS classes
(audience/admin.css), so the chart follows the admin's light and dark themes.
"""

import math

from django.utils.formats import date_format, number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36
X_LABELS = 6
TICKS = 4  # horizontal grid lines above zero


def nice_step(value):
    """The smallest whole 1, 2 or 5 x 10^n at or above value (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def line_chart(days, series, *, title, description, chart_id):
    """An SVG line chart.

    days: the dates along the x axis; series: [(label, values, css_class)],
    each with one value per day. Returns safe HTML.
    """
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    highest = max((max(values, default=0) for _label, values, _class in series), default=0)
    step = nice_step(highest / TICKS)
    top = step * TICKS
    count = len(days)

    def x(index):
        return LEFT + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)

    def y(value):
        return TOP + plot_height - plot_height * value / top

    grid = "".join(
        f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" '
        f'y2="{y(tick):.1f}"/><text class="axis" x="{LEFT - 8}" y="{y(tick) + 4:.1f}" '
        f'text-anchor="end">{escape(number_format(tick, force_grouping=True))}</text>'
        for tick in range(0, top + 1, step)
    )
    label_every = max(1, math.ceil(count / X_LABELS))
    labels = "".join(
        f'<text class="axis" x="{x(index):.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
        f'{escape(date_format(day, "MONTH_DAY_FORMAT"))}</text>'
        for index, day in enumerate(days)
        if index % label_every == 0
    )
    lines = []
    for label, values, css_class in series:
        points = " ".join(f"{x(index):.1f},{y(value):.1f}" for index, value in enumerate(values))
        dots = ""
        if count <= 92:  # one dot per day with its figure as a tooltip, while they fit
            dots = "".join(
                f'<circle cx="{x(index):.1f}" cy="{y(value):.1f}" r="2.5"><title>'
                f'{escape(date_format(day, "DATE_FORMAT"))}: {escape(label)} '
                f'{escape(number_format(value, force_grouping=True))}</title></circle>'
                for index, (day, value) in enumerate(zip(days, values, strict=True))
            )
        lines.append(
            f'<g class="series {escape(css_class)}"><polyline points="{points}"/>{dots}</g>'
        )
    return format_html(
        '<svg class="audience-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}{}</svg>',
        WIDTH, HEIGHT, chart_id, chart_id, chart_id, title, chart_id, description,
        mark_safe(grid), mark_safe(labels), mark_safe("".join(lines)),
    )
