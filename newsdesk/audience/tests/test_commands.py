import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsdesk.audience.models import DailyStat
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


def run_stats(*args):
    out = StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


def test_stats_lists_the_most_read_articles_of_the_period_with_a_summary_line():
    today = timezone.localdate()
    ferry, library = make_article("Ferry returns"), make_article("图书馆重新开放")
    DailyStat.objects.create(article=ferry, day=today, views=1200, visitors=900, likes=7)
    DailyStat.objects.create(article=library, day=today, views=3400, visitors=3000)
    DailyStat.objects.create(
        article=ferry, day=today - datetime.timedelta(days=10), views=50_000, visitors=1
    )

    output = run_stats("--days", "7")

    lines = output.splitlines()
    assert lines[0].startswith("Most read articles from")
    assert "图书馆重新开放" in lines[2] and "3,400" in lines[2]
    assert "Ferry returns" in lines[3] and "1,200" in lines[3] and "900" in lines[3]
    assert lines[-1] == (
        "Listed 2 articles; 4,600 page views, 3,900 unique visitors, 7 likes in 7 days."
    )
    assert "54,600 page views" in run_stats("--days", "30").splitlines()[-1]


def test_stats_with_no_figures_says_so():
    assert run_stats().splitlines()[-1] == (
        "Listed 0 articles; 0 page views, 0 unique visitors, 0 likes in 30 days."
    )


@pytest.mark.parametrize("args", [("--days", "0"), ("--days", "99999"), ("--limit", "0")])
def test_stats_refuses_impossible_options(args):
    with pytest.raises(CommandError):
        run_stats(*args)


def test_flush_counts_says_so_when_counts_go_straight_to_the_database():
    out = StringIO()
    call_command("flush-counts", stdout=out)
    assert out.getvalue().startswith("No Redis counter store is configured")

