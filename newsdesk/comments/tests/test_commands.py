"""`newsdesk comments ...`: personal-data requests and housekeeping from the command line."""

import datetime
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from newsdesk.comments.models import BlocklistEntry, Comment
from newsdesk.comments.tests.conftest import make_comment
from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("comments", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def anns_comments(article):
    other = make_article("Sea wall vote")
    first = make_comment(article, email="ann@example.org", name="Ann", website="https://ann.example",
                         ip_address="203.0.113.9", user_agent="Firefox", notify_replies=True)
    second = make_comment(other, email="ann@example.org", name="Ann", status="pending")
    make_comment(article, email="ben@example.org", name="Ben", parent=first, text="Ben's reply")
    BlocklistEntry.objects.create(kind="email", value="ann@example.org")
    return first, second


def test_export_prints_everything_stored_about_an_email_and_nothing_else(anns_comments):
    out, err = run("export-personal-data", "ANN@example.org")
    data = json.loads(out)
    assert data["email"] == "ann@example.org"
    assert [c["id"] for c in data["comments"]] == [c.pk for c in anns_comments]
    first = data["comments"][0]
    assert first["ip_address"] == "203.0.113.9" and first["browser"] == "Firefox"
    assert first["website"] == "https://ann.example" and first["notify_of_replies"] is True
    assert first["article_url"].startswith("http") and first["status"] == "approved"
    assert data["blocklist_entries"][0]["value"] == "ann@example.org"
    assert "ben@example.org" not in out and "Ben's reply" not in out
    assert "Exported 2 comments." in err


def test_export_can_write_a_file(anns_comments, tmp_path):
    target = tmp_path / "ann.json"
    run("export-personal-data", "ann@example.org", "--output", str(target))
    assert len(json.loads(target.read_text())["comments"]) == 2


def test_erase_removes_personal_data_but_keeps_the_words(anns_comments):
    out, _err = run("erase-personal-data", "ann@example.org", "--no-input")
    assert "Erased personal data from 2 comments; deleted 0 comment texts" in out
    for comment in Comment.objects.filter(pk__in=[c.pk for c in anns_comments]):
        assert (comment.name, comment.email, comment.website) == ("", "", "")
        assert comment.ip_address is None and comment.user_agent == "" and comment.text
        assert not comment.notify_replies
    assert not BlocklistEntry.objects.exists()
    assert Comment.objects.get(email="ben@example.org").name == "Ben"
    out, _err = run("export-personal-data", "ann@example.org")
    assert json.loads(out)["comments"] == []


def test_erased_comments_show_as_anonymous(client, anns_comments):
    run("erase-personal-data", "ann@example.org", "--no-input")
    html = client.get(anns_comments[0].article.get_absolute_url()).content.decode()
    assert "Anonymous" in html and "ann.example" not in html


def test_erase_with_delete_text_removes_comments_and_keeps_replies_in_place(anns_comments):
    first, second = anns_comments
    out, _err = run("erase-personal-data", "ann@example.org", "--delete-text", "--no-input")
    assert "deleted 2 comment texts" in out
    assert not Comment.objects.filter(pk=second.pk).exists()
    marker = Comment.objects.get(pk=first.pk)  # Ben replied to it
    assert marker.text == "" and marker.status == Comment.Status.TRASH
    assert Comment.objects.filter(text="Ben's reply").exists()
    assert Article.objects.get(pk=first.article_id).comment_count == 1


def test_erase_dry_run_changes_nothing(anns_comments):
    out, _err = run("erase-personal-data", "ann@example.org", "--dry-run")
    assert out.startswith("Dry run: Erased personal data from 2 comments")
    assert Comment.objects.filter(email="ann@example.org").count() == 2


def test_erase_without_a_terminal_asks_for_no_input():
    with pytest.raises(CommandError, match="--no-input"):
        make_comment(make_article(), email="ann@example.org")
        call_command("comments", "erase-personal-data", "ann@example.org", stdout=StringIO())


def test_an_invalid_email_is_refused_with_a_sentence():
    with pytest.raises(CommandError, match="is not an email address"):
        run("export-personal-data", "not-an-email")


def test_erase_of_an_unknown_email_says_nothing_is_stored():
    out, _err = run("erase-personal-data", "nobody@example.org", "--no-input")
    assert "Nothing stored for nobody@example.org" in out


def test_purge_truncates_old_addresses_and_deletes_old_spam(article):
    now = timezone.now()
    old = make_comment(article, ip_address="203.0.113.57")
    recent = make_comment(article, ip_address="198.51.100.23")
    old_spam = make_comment(article, status="spam")
    parent_in_trash = make_comment(article, status="trash")
    make_comment(article, parent=parent_in_trash)
    Comment.objects.filter(pk__in=[old.pk, old_spam.pk, parent_in_trash.pk]).update(
        created_at=now - datetime.timedelta(days=31)
    )
    out, _err = run("purge", "--dry-run")
    assert "Dry run: Truncated 1 IP addresses; deleted 1 old spam" in out
    assert Comment.objects.get(pk=old.pk).ip_address == "203.0.113.57"

    out, _err = run("purge")
    assert "Truncated 1 IP addresses; deleted 1 old spam and trash comments." in out
    old.refresh_from_db()
    assert old.ip_address == "203.0.113.0" and old.ip_truncated
    assert Comment.objects.get(pk=recent.pk).ip_address == "198.51.100.23"
    assert not Comment.objects.filter(pk=old_spam.pk).exists()
    assert Comment.objects.filter(pk=parent_in_trash.pk).exists()


def test_the_worker_runs_the_purge_every_hour(article):
    from newsdesk.comments import jobs as comment_jobs

    old = make_comment(article, ip_address="203.0.113.57")
    Comment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    comment_jobs.purge.call_local()
    assert Comment.objects.get(pk=old.pk).ip_truncated
    schedule = comment_jobs.purge.task_class().validate_datetime
    assert schedule(datetime.datetime(2026, 5, 4, 9, 17)) and not schedule(
        datetime.datetime(2026, 5, 4, 9, 18))


def test_recount_repairs_the_article_totals(article):
    make_comment(article)
    Article.objects.filter(pk=article.pk).update(comment_count=7)
    out, _err = run("recount")
    assert Article.objects.get(pk=article.pk).comment_count == 1 and "Recounted" in out


def test_the_command_without_a_subcommand_lists_them_without_a_traceback(tmp_path):
    import os

    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["NEWSDESK_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "newsdesk", "comments"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "export-personal-data" in result.stderr
    assert "erase-personal-data" in result.stderr and "Traceback" not in result.stderr
