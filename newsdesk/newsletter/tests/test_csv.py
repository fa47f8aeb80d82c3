"""Subscribers in and out as CSV, from newsdesk, Ghost and WordPress exports, with a report of
every row that was not imported."""

import io
from io import StringIO

import pytest
from django.core.management import call_command

from newsdesk.newsletter import csvio, records
from newsdesk.newsletter.models import Subscriber, SubscriptionRecord
from newsdesk.newsletter.tests.conftest import make_subscriber

pytestmark = pytest.mark.django_db

# Ghost's members export, its columns as Ghost 5 writes them.
GHOST = ("id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,"
         "created_at,deleted_at,labels,tiers\n") + """\
6406c0ab,ann@example.org,Ann Reader,,true,,,2023-03-07T09:41:31.000Z,,,
6406c0ac,ben@example.org,Ben,,false,,,2023-03-08T09:41:31.000Z,,,
6406c0ad,cai@example.cn,蔡,,true,,,2023-03-09T09:41:31.000Z,,news-zh-hans,
6406c0ae,dan@example.org,Dan,,true,,,2023-03-09T09:41:31.000Z,2024-01-01T00:00:00.000Z,,
"""
MAILPOET = """Email,First name,Last name,Status,Lists,Subscribed on
eve@example.org,Eve,Ng,subscribed,news-en,2022-05-01 10:00:00
fay@example.org,Fay,,unsubscribed,news-en,2022-05-01 10:00:00
"""
BROKEN = """email,name,language
good@example.org,Good,en
not-an-address,Broken,en
good@example.org,Duplicate,en
,Nobody,en

zh@example.cn,中文,zh_CN
weird@example.org,"Unclosed quote
"""


def run(text, default=None, **options):
    return csvio.import_csv(text, default, source_name="export.csv", **options)


def test_a_ghost_members_export_is_imported_and_its_unsubscribed_rows_reported(lists):
    report = run(GHOST)
    assert report.imported == 2
    ann = Subscriber.objects.get(email="ann@example.org")
    assert ann.status == Subscriber.Status.ACTIVE and ann.name == "Ann Reader"
    assert ann.created_at.year == 2023
    assert list(ann.subscriptions.values_list("newsletter_list__slug", flat=True)) == ["news-en"]
    cai = Subscriber.objects.get(email="cai@example.cn")
    assert list(cai.subscriptions.values_list("newsletter_list__slug", flat=True)) == [
        "news-zh-hans"]
    assert report.rejected == [(3, "ben@example.org", "not subscribed in the export"),
                               (5, "dan@example.org", "deleted in the export")]


def test_a_wordpress_mailpoet_export_is_imported(lists):
    report = run(MAILPOET)
    eve = Subscriber.objects.get(email="eve@example.org")
    assert eve.name == "Eve Ng" and report.imported == 1
    assert report.rejected == [(3, "fay@example.org", "not subscribed in the export")]


def test_broken_rows_and_duplicates_each_get_a_line_and_the_good_rows_go_in(lists):
    report = run(BROKEN)
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == [
        "good@example.org", "zh@example.cn"]
    assert Subscriber.objects.get(email="zh@example.cn").language == "zh-hans"
    reasons = {line: reason for line, _email, reason in report.rejected}
    assert reasons[3] == "not an email address"
    assert reasons[4] == "duplicate of line 2"
    assert reasons[5] == "not an email address"
    assert reasons[8].startswith("the file is damaged from here on")
    assert records.verify().ok
    assert SubscriptionRecord.objects.filter(action="imported").count() == 2
    imported = SubscriptionRecord.objects.filter(action="imported").first()
    assert imported.text.startswith("Imported from export.csv")


def test_a_file_without_an_email_column_is_refused_whole(lists):
    report = run("name,city\nAnn,Oslo\n")
    assert report.imported == 0 and "no email column" in report.rejected[0][2]


def test_someone_who_left_is_not_added_back_by_an_import(lists):
    make_subscriber("ann@example.org", [], status=Subscriber.Status.UNSUBSCRIBED)
    report = run("email\nann@example.org\n")
    assert report.imported == 0
    assert report.rejected == [(2, "ann@example.org", "left here earlier: not added back")]
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_importing_twice_adds_nobody_twice(lists):
    run(GHOST)
    report = run(GHOST)
    assert report.imported == 0 and Subscriber.objects.count() == 2
    assert (2, "ann@example.org", "already subscribed to these lists") in report.rejected


def test_a_dry_run_reports_and_imports_nothing(lists):
    report = run(GHOST, dry_run=True)
    assert report.imported == 2 and not Subscriber.objects.exists()
    assert not SubscriptionRecord.objects.exists()


def test_an_unknown_list_is_reported_and_the_default_used(lists):
    report = run("email,lists\nann@example.org,gardening\n", default=[lists["en"]])
    assert report.imported == 1
    assert "unknown list gardening: imported into news-en instead" in report.rejected[0][2]


def test_an_export_reads_back_in_as_the_same_subscribers(lists):
    make_subscriber("ann@example.org", [lists["en"]], name="Ann")
    make_subscriber("li@example.cn", [lists["zh-hans"]], language="zh-hans")
    handle = io.StringIO()
    csvio.export_csv(Subscriber.objects.order_by("pk"), handle)
    text = handle.getvalue()
    assert text.splitlines()[0] == "email,name,language,status,lists,created_at,confirmed_at"
    Subscriber.objects.all().delete()
    report = run(text)
    assert report.imported == 2 and not report.rejected
    assert Subscriber.objects.get(email="li@example.cn").language == "zh-hans"


def test_the_command_imports_a_file_and_prints_the_report(lists, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text(BROKEN, encoding="utf-8")
    out = StringIO()
    call_command("newsletter", "import", str(path), "--list", "news-en", stdout=out)
    assert "line 3: not-an-address: not an email address" in out.getvalue()
    assert "Imported 2, added lists to 0, rejected" in out.getvalue()
