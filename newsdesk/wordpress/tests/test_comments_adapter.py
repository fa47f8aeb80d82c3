"""With a comments app installed, imported comments go through its service, threaded."""

import sys
import types

import pytest

from newsdesk.publishing.models import Article, Reference
from newsdesk.wordpress.models import ImportedObject
from newsdesk.wordpress.tests.conftest import HARBOUR_TIMES, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments_app(monkeypatch):
    """A stand-in newsdesk.comments: comments stored as References of the article."""
    calls = {"refreshed": []}

    def import_comment(*, article, parent, instance, **fields):
        row = instance or Reference(article=article)
        row.title = fields["content"][:300]
        row.publisher = f"{fields['status']}:{fields['kind']}:{parent.pk if parent else '-'}"
        row.url = fields["author_url"]
        row.save()
        return row

    services = types.SimpleNamespace(
        import_comment=import_comment,
        refresh_comment_count=lambda article: calls["refreshed"].append(article.pk),
    )
    monkeypatch.setitem(sys.modules, "newsdesk.comments", types.SimpleNamespace(services=services))
    monkeypatch.setattr("newsdesk.wordpress.importer.comments_installed", lambda: True)
    return calls


def test_comments_are_saved_parents_first_with_status_kind_and_thread(media_root, comments_app):
    output = run_import()
    assert "comments     created 10, updated 0, skipped 0, errors 0" in output
    assert "not imported" not in output
    ferry = Article.objects.get(slug="harbour-ferry-returns")
    rows = {row.title: row for row in Reference.objects.filter(article=ferry)}
    first = rows["Finally! Does it still stop at the island?"]
    reply = rows["Yes, twice a day <em>from April</em>."]
    assert first.publisher == "approved:comment:-"
    assert reply.publisher == f"approved:comment:{first.pk}"
    assert rows["Thank you!"].publisher == f"approved:comment:{reply.pk}"
    assert {row.publisher.split(":")[0] for row in rows.values()} == {
        "approved", "pending", "spam", "trash"}
    assert rows["[&#8230;] the ferry is back, says the Harbour Times [&#8230;]"].publisher \
        .startswith("approved:pingback")
    assert ferry.pk in comments_app["refreshed"]
    assert ImportedObject.objects.filter(kind="comment").count() == 10


def test_reimporting_comments_updates_changed_ones_and_duplicates_none(media_root, comments_app,
                                                                         tmp_path):
    run_import()
    changed = tmp_path / "changed.xml"
    changed.write_text(HARBOUR_TIMES.read_text().replace("Thank you!", "Thank you so much!"))
    output = run_import(changed)
    assert "comments     created 0, updated 1, skipped 6" in output
    assert Reference.objects.count() == 10
    assert Reference.objects.filter(title="Thank you so much!").exists()
