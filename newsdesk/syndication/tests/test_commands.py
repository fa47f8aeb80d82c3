from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from newsdesk.publishing.models import Article
from newsdesk.publishing.tests.factories import make_article
from newsdesk.syndication import search
from newsdesk.syndication.models import SearchDocument

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("search-index", *args, stdout=out)
    return out.getvalue()


def test_rebuild_indexes_every_published_article_after_the_index_was_lost():
    make_article("Ferry returns")
    make_article("Draft ferry", status=Article.Status.DRAFT)
    SearchDocument.objects.all().delete()
    assert search.search("ferry")[1].count() == 0
    assert run("--rebuild").strip() == "Indexed 1, removed 0."
    assert [hit.article.title for hit in search.search("ferry")[1][0:5]] == ["Ferry returns"]


def test_update_removes_documents_of_articles_unpublished_behind_the_index_back():
    article = make_article("Ferry returns")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert run().strip() == "Indexed 0, removed 1."
    assert not SearchDocument.objects.exists()


def test_dry_run_changes_nothing():
    make_article("Ferry returns")
    SearchDocument.objects.all().delete()
    assert run("--dry-run").strip() == "Would index 1, remove 0; 0 documents in the index now."
    assert not SearchDocument.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table exists on SQLite only")
def test_rebuild_also_rebuilds_the_sqlite_fts_table_from_the_documents():
    make_article("Ferry returns")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO syndication_search_fts(syndication_search_fts) "
                       "VALUES ('delete-all')")
    assert search.search("ferry")[1].count() == 0
    run("--rebuild")
    assert search.search("ferry")[1].count() == 1


def test_migrate_fills_an_empty_index_for_existing_articles():
    make_article("Ferry returns")
    SearchDocument.objects.all().delete()
    call_command("migrate", "syndication", verbosity=0, stdout=StringIO())
    assert SearchDocument.objects.count() == 1


def test_demo_command_leaves_the_demo_searchable():
    call_command("demo", stdout=StringIO())
    assert SearchDocument.objects.count() == Article.objects.published().count() == 12
