import datetime

import pytest
from django.utils import timezone

from newsdesk.audience.models import DailyStat, ReferrerStat
from newsdesk.audience.tests.conftest import staff_user
from newsdesk.core.roles import AUTHOR, EDITOR
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/audience/dailystat/"


@pytest.fixture
def figures():
    """Two articles read over the last week, with referrers."""
    today = timezone.localdate()
    ferry = make_article("Ferry returns", view_count=900, like_count=4)
    sea_wall = make_article("=HYPERLINK(\"http://evil\")", view_count=50)
    for offset in range(7):
        day = today - datetime.timedelta(days=offset)
        DailyStat.objects.create(article=ferry, day=day, views=100 + offset, visitors=80, likes=1)
        DailyStat.objects.create(article=sea_wall, day=day, views=5, visitors=5)
    ReferrerStat.objects.create(article=ferry, day=today, domain="news.example.org", views=60)
    ReferrerStat.objects.create(article=ferry, day=today, domain="", views=40)
    old = today - datetime.timedelta(days=200)
    DailyStat.objects.create(article=sea_wall, day=old, views=5000, visitors=4000)
    return ferry, sea_wall


@pytest.fixture
def editor(client):
    client.force_login(staff_user("editor", EDITOR))
    return client


def test_the_dashboard_is_linked_from_the_admin_index(editor):
    html = editor.get("/admin/").content.decode()
    assert f'href="{DASHBOARD}"' in html and "Statistics" in html


def test_the_dashboard_shows_the_chart_top_articles_and_referring_domains(editor, figures):
    ferry, sea_wall = figures

    html = editor.get(DASHBOARD).content.decode()

    assert '<svg class="audience-chart"' in html and 'role="img"' in html
    assert "Page views and unique visitors per day" in html
    assert html.index("Ferry returns") < html.index("=HYPERLINK(&quot;http://evil&quot;)")
    assert f"/admin/audience/dailystat/article/{ferry.pk}/?days=30" in html
    assert "news.example.org" in html and "None (direct, or not sent by the browser)" in html
    assert "5,000" not in html  # 200 days ago is outside the 30-day period
    assert ">756<" in html  # 7 days of ferry views: 100+...+106 = 721, plus 35 sea-wall views


def test_the_period_can_be_90_or_365_days_and_anything_else_falls_back_to_30(editor, figures):
    assert "5,035" in editor.get(f"{DASHBOARD}?days=365").content.decode()
    html = editor.get(f"{DASHBOARD}?days=7").content.decode()
    assert 'href="?days=30" aria-current="page"' in html
    assert editor.get(f"{DASHBOARD}?days=abc").status_code == 200


def test_the_dashboard_speaks_chinese(client, figures):
    client.force_login(staff_user("editor", EDITOR))
    html = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "热门文章" in html and "来源域名" in html and "每日浏览量和独立访客" in html


def test_the_csv_export_has_one_row_per_article_and_day_and_defuses_formulas(editor, figures):
    response = editor.get("/admin/audience/dailystat/export.csv?days=30")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == (
        "\ufeffdate,article_id,title,page_views,unique_visitors,likes,likes_withdrawn"
    )
    assert len(lines) == 1 + 14
    assert any(line.endswith(",Ferry returns,106,80,1,0") for line in lines)
    assert any("'=HYPERLINK" in line for line in lines)


def test_the_article_statistics_page_shows_its_own_chart_and_referrers(editor, figures):
    ferry, _sea_wall = figures
    html = editor.get(f"/admin/audience/dailystat/article/{ferry.pk}/").content.decode()
    assert "Readers of “Ferry returns”" in html and '<svg class="audience-chart"' in html
    assert "news.example.org" in html and "All time: 900 views, 4 likes" in html
    assert editor.get("/admin/audience/dailystat/article/999999/").status_code == 404


def test_the_articles_admin_page_shows_its_readers_and_links_to_more(editor, figures):
    ferry, _sea_wall = figures
    html = editor.get(f"/admin/publishing/article/{ferry.pk}/change/").content.decode()
    assert "Readers in the last 30 days" in html and '<svg class="audience-chart"' in html
    assert f'href="/admin/audience/dailystat/article/{ferry.pk}/"' in html


def test_authors_see_no_statistics(client, figures):
    ferry, _sea_wall = figures
    writer = staff_user("writer", AUTHOR)
    client.force_login(writer)
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(f"/admin/audience/dailystat/article/{ferry.pk}/").status_code == 403
    assert client.get("/admin/audience/dailystat/export.csv").status_code == 403


def test_statistics_cannot_be_added_changed_or_deleted_by_hand(editor, figures):
    stat = DailyStat.objects.first()
    assert editor.get("/admin/audience/dailystat/add/").status_code == 403
    assert editor.post(f"/admin/audience/dailystat/{stat.pk}/delete/", {"post": "yes"}
                       ).status_code in (302, 403)
    assert DailyStat.objects.filter(pk=stat.pk).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
