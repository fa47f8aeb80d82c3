"""Imported comments go through the comments app's import service, threaded."""

import pytest

from newsdesk.comments.models import Comment
from newsdesk.publishing.models import Article
from newsdesk.wordpress.models import ImportedObject
from newsdesk.wordpress.tests.conftest import HARBOUR_TIMES, run_import

pytestmark = pytest.mark.django_db


def test_comments_are_saved_parents_first_with_status_thread_and_original_time(media_root):
    output = run_import()
    assert "comments     created 10, updated 0, skipped 0, errors 0" in output
    assert "not imported" not in output
    ferry = Article.objects.get(slug="harbour-ferry-returns")
    rows = {row.text: row for row in Comment.objects.filter(article=ferry)}
    first = rows["Finally! Does it still stop at the island?"]
    reply = rows["Yes, twice a day from April."]  # HTML in comments becomes plain text
    assert first.parent is None and first.status == Comment.Status.APPROVED
    assert reply.parent == first and rows["Thank you!"].parent == reply
    assert first.created_at.year < 2026 or first.created_at.month < 11
    statuses = set(Comment.objects.values_list("status", flat=True))
    assert statuses == {"approved", "pending", "spam", "trash"}
    pingback = rows["[…] the ferry is back, says the Harbour Times […]"]
    assert pingback.spam_reason == "pingback"
    ferry.refresh_from_db()
    assert ferry.comment_count == Comment.objects.filter(article=ferry, status="approved").count()
    assert ImportedObject.objects.filter(kind="comment").count() == 10


def test_imported_commenter_emails_stay_out_of_the_page(client, media_root):
    run_import()
    ferry = Article.objects.get(slug="harbour-ferry-returns")
    html = client.get(ferry.get_absolute_url()).content.decode()
    assert "Finally! Does it still stop at the island?" in html
    for email in Comment.objects.values_list("email", flat=True):
        if email:
            assert email not in html


def test_reimporting_comments_updates_changed_ones_and_duplicates_none(media_root, tmp_path):
    run_import()
    changed = tmp_path / "changed.xml"
    changed.write_text(HARBOUR_TIMES.read_text().replace("Thank you!", "Thank you so much!"))
    output = run_import(changed)
    assert "comments     created 0, updated 1, skipped 6" in output
    assert Comment.objects.count() == 10
    assert Comment.objects.filter(text="Thank you so much!").exists()


def meta(key, value):
    return (f"<wp:commentmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key>"
            f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:commentmeta>")


def test_wordpress_spam_and_trash_meta_are_kept_with_their_states(media_root, tmp_path):
    """Akismet's verdict and what a trashed comment was before stay with the comment."""
    export = tmp_path / "meta.xml"
    export.write_text(HARBOUR_TIMES.read_text()
                      .replace("<wp:comment_id>505</wp:comment_id>",
                               "<wp:comment_id>505</wp:comment_id>"
                               + meta("akismet_result", "true"))
                      .replace("<wp:comment_id>506</wp:comment_id>",
                               "<wp:comment_id>506</wp:comment_id>"
                               + meta("_wp_trash_meta_status", "1")
                               + meta("_wp_trash_meta_time", "1709640000")))
    run_import(export)
    spam = Comment.objects.get(status=Comment.Status.SPAM)
    trash = Comment.objects.get(status=Comment.Status.TRASH)
    assert spam.spam_reason == "WordPress spam (Akismet)"
    assert trash.spam_reason == "WordPress trash (was approved)"
