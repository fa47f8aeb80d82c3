"""The Disqus importer on exports made here: threads, replies, unknown URLs, parent loops."""

from io import StringIO
from xml.sax.saxutils import escape

import pytest
from django.core.management import CommandError, call_command

from newsdesk.comments.models import Comment
from newsdesk.publishing.tests.factories import make_article

pytestmark = pytest.mark.django_db


def thread(dsq_id, link, title="A story"):
    return (f'<thread dsq:id="{dsq_id}"><id>{dsq_id}</id><forum>paper</forum>'
            f"<link>{escape(link)}</link><title>{escape(title)}</title>"
            "<createdAt>2019-05-03T10:00:00Z</createdAt><isClosed>false</isClosed>"
            "<isDeleted>false</isDeleted></thread>")


def post(dsq_id, thread_id, message, *, parent=None, name="Ann", email="ann@example.org",
         when="2019-05-03T11:00:00Z", spam=False, deleted=False):
    parent_xml = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (f'<post dsq:id="{dsq_id}"><id/><message><![CDATA[{message}]]></message>'
            f"<createdAt>{when}</createdAt><isDeleted>{str(deleted).lower()}</isDeleted>"
            f"<isSpam>{str(spam).lower()}</isSpam><author><email>{email}</email>"
            f"<name>{escape(name)}</name><isAnonymous>false</isAnonymous></author>"
            f'<ipAddress>198.51.100.4</ipAddress><thread dsq:id="{thread_id}"/>{parent_xml}'
            "</post>")


def export(tmp_path, *records):
    path = tmp_path / "disqus.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">'
        '<category dsq:id="1"><forum>paper</forum><title>General</title></category>'
        + "".join(records) + "</disqus>", encoding="utf-8")
    return path


def run(path, *args):
    out = StringIO()
    call_command("import_disqus", str(path), *args, stdout=out)
    return out.getvalue()


def test_threads_posts_replies_authors_and_dates_arrive_in_the_right_stories(tmp_path):
    ferry = make_article("Ferry returns")
    bridge = make_article("Bridge closes")
    path = export(
        tmp_path,
        thread("10", f"https://old.example{ferry.get_absolute_url()}"),
        thread("11", f"http://old.example{bridge.get_absolute_url().rstrip('/')}?utm=x"),
        # the reply comes before its parent in the file
        post("102", "10", "<p>Agreed.</p><p>Second line &amp; more.</p>", parent="101",
             name="Ben", email="ben@example.org", when="2019-05-03T12:00:00Z"),
        post("101", "10", "<p>It was late again.</p>"),
        post("201", "11", "Bridge talk", spam=True),
        post("202", "11", "Removed", deleted=True),
    )
    output = run(path)
    assert "created 4, already imported 0, skipped 0" in output
    first = Comment.objects.get(text="It was late again.")
    reply = Comment.objects.get(name="Ben")
    assert first.article == ferry and reply.parent == first
    assert reply.text == "Agreed.\n\nSecond line & more."
    assert reply.created_at.isoformat() == "2019-05-03T12:00:00+00:00"
    assert reply.email == "ben@example.org" and first.status == "approved"
    statuses = dict(Comment.objects.filter(article=bridge).values_list("text", "status"))
    assert statuses == {"Bridge talk": "spam", "Removed": "trash"}
    ferry.refresh_from_db()
    assert ferry.comment_count == 2


def test_running_the_import_again_changes_nothing(tmp_path):
    article = make_article("Ferry returns")
    path = export(tmp_path, thread("10", article.get_absolute_url()),
                  post("101", "10", "Once."), post("102", "10", "Twice.", parent="101"))
    run(path)
    second = run(path)
    assert "created 0, already imported 2" in second
    assert Comment.objects.count() == 2


def test_threads_at_unknown_urls_are_reported_and_imported_once_the_story_exists(tmp_path):
    path = export(tmp_path, thread("10", "https://old.example/2019/05/gone/"),
                  post("101", "10", "Lost?"), post("102", "10", "Lost too?"))
    output = run(path)
    assert "No story at https://old.example/2019/05/gone/: 2 posts not imported" in output
    assert "skipped 2" in output and not Comment.objects.exists()
    from newsdesk.redirects.services import add_redirect

    article = make_article("Found again")
    add_redirect("/2019/05/gone/", target=article)
    assert "created 2" in run(path)
    assert Comment.objects.filter(article=article).count() == 2


def test_a_loop_of_parents_is_reported_and_imported_as_top_level(tmp_path):
    article = make_article("Ferry returns")
    path = export(tmp_path, thread("10", article.get_absolute_url()),
                  post("1", "10", "A", parent="3"), post("2", "10", "B", parent="1"),
                  post("3", "10", "C", parent="2"), post("4", "10", "D", parent="999"))
    output = run(path)
    assert "answer each other in a loop" in output
    assert "answers post 999, which is not in the export" in output
    assert Comment.objects.count() == 4  # nothing lost
    assert Comment.objects.filter(parent__isnull=True).count() == 2


def test_a_dry_run_saves_nothing(tmp_path):
    article = make_article("Ferry returns")
    path = export(tmp_path, thread("10", article.get_absolute_url()), post("1", "10", "A"))
    assert "Dry run: nothing saved." in run(path, "--dry-run")
    assert not Comment.objects.exists()


def test_a_broken_or_missing_export_is_one_line_not_a_traceback(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<disqus><post>")
    with pytest.raises(CommandError, match="not valid XML"):
        run(broken)
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.xml")
    entity = tmp_path / "entity.xml"
    entity.write_text('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                      '<disqus xmlns:dsq="http://disqus.com/disqus-internals">'
                      '<post dsq:id="1"><message>&x;</message></post></disqus>')
    run(entity)
    assert not Comment.objects.exists()
