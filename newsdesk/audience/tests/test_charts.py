import datetime

import pytest
from django.utils import translation

from newsdesk.audience.charts import line_chart, nice_step

DAYS = [datetime.date(2026, 3, 1) + datetime.timedelta(days=n) for n in range(10)]


@pytest.fixture(autouse=True)
def _english():
    """English unless a test says otherwise, whatever an earlier test left active."""
    with translation.override("en"):
        yield


def chart(values, label="Views", title="Readers"):
    return line_chart(DAYS, [(label, values, "views")], title=title,
                      description="Ten days", chart_id="c")


def test_the_chart_is_an_accessible_svg_with_a_line_and_a_dot_per_day():
    svg = chart([0, 5, 10, 20, 40, 3, 2, 1, 0, 7])
    assert svg.startswith('<svg class="audience-chart"') and 'role="img"' in svg
    assert 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Readers</title>' in svg
    assert svg.count("<polyline") == 1 and svg.count("<circle") == 10
    assert "<title>March 5, 2026: Views 40</title>" in svg


def test_the_scale_ends_on_a_round_number_above_the_highest_day():
    svg = chart([0] * 9 + [1603])
    assert ">2,000</text>" in svg and ">1,500</text>" in svg
    assert nice_step(0) == 1 and nice_step(3.2) == 5 and nice_step(400.75) == 500


def test_labels_and_titles_are_escaped():
    svg = chart([1] * 10, label="<script>", title="A & <b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A &amp; &lt;b&gt;" in svg


def test_dates_follow_the_language():
    with translation.override("zh-hans"):
        assert "3月1日" in chart([1] * 10)


def test_long_periods_draw_lines_without_a_dot_per_day():
    days = [DAYS[0] + datetime.timedelta(days=n) for n in range(365)]
    svg = line_chart(days, [("Views", list(range(365)), "views")], title="t", description="d",
                     chart_id="c")
    assert "<circle" not in svg and svg.count('class="axis"') >= 6
