"""`newsdesk import-wordpress` fed generated exports full of hostile text.

A well-formed export, whatever its titles, content, shortcodes, comments,
slugs, dates and numbers, imports without an error, and every imported
article's page is no less safe than the same page with plain text. A broken
file stops the command with a clear CommandError and imports nothing; no
other exception ever escapes.
"""

import io

import pytest
from django.core.management import CommandError
from django.db import transaction
from hypothesis import event, given
from hypothesis import strategies as st
from PIL import Image

from newsdesk.comments.models import Comment
from newsdesk.core.testing import (
    assert_no_new_unsafe_html,
    assert_no_server_error,
    assert_safe_html,
    client,
    http_settings,
)
from newsdesk.publishing.models import Article, Author, Category, Tag
from newsdesk.redirects.models import Redirect
from newsdesk.wordpress.models import ImportedObject
from newsdesk.wordpress.tests.conftest import run_import
from newsdesk.wordpress.tests.hostile_exports import broken, export

pytestmark = pytest.mark.django_db
SECRET = b"not for the web site"


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Ahead of UTC, so that a date at the end of time would overflow when shown.
    settings.TIME_ZONE = "Asia/Shanghai"


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads with one photo; beside it, a file that must stay out."""
    (tmp_path / "uploads/2024/03").mkdir(parents=True)
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(output, "JPEG")
    (tmp_path / "uploads/2024/03/photo.jpg").write_bytes(output.getvalue())
    (tmp_path / "secret.txt").write_bytes(SECRET)
    return tmp_path / "uploads"


def empty_newsroom():
    """Each example imports into an empty site (rows of earlier examples would pile up)."""
    Category.objects.update(parent=None)  # parents are protected from deletion
    for model in (Comment, Article, Author, Category, Tag, ImportedObject, Redirect):
        model.objects.all().delete()


def page_with_plain_text(browser, article):
    """The article's page with every imported text made plain: the template's own markup."""
    with transaction.atomic():
        Article.objects.update(title="Plain", summary="Plain", body_html="<p>Plain</p>")
        Author.objects.update(name="Plain", bio="")
        Category.objects.update(name="Plain", translations={}, description="")
        for pk in Tag.objects.values_list("pk", flat=True):
            Tag.objects.filter(pk=pk).update(name=f"tag {pk}")
        Comment.objects.update(text="Plain", name="Plain")
        html = browser.get(article.get_absolute_url()).content.decode()
        transaction.set_rollback(True)
    return html


@http_settings
@given(document=export(), with_uploads=st.booleans())
def test_a_hostile_export_imports_and_every_article_page_is_safe(
        tmp_path, uploads, document, with_uploads):
    """No error; bodies sanitised; pages as safe as with plain text; no file from outside."""
    empty_newsroom()
    path = tmp_path / "export.xml"
    path.write_text(document, encoding="utf-8")
    output = run_import(path, *(["--uploads-dir", str(uploads)] if with_uploads else []))
    assert ", errors 0" in output.splitlines()[-1], output
    copied = [file for file in (tmp_path / "media").rglob("*") if file.is_file()]
    assert not any(SECRET in file.read_bytes() for file in copied)
    for article in Article.objects.all():
        assert_safe_html(article.body_html)
    browser = client()
    live = Article.objects.published()
    for article in live:
        response = browser.get(article.get_absolute_url())
        assert_no_server_error(response)
        assert response.status_code == 200
        assert_no_new_unsafe_html(response.content.decode(), page_with_plain_text(browser, article))
    event(f"{live.count()} live articles, {len(copied)} files in media")


@http_settings
@given(data=st.data())
def test_a_broken_export_stops_with_a_clear_error_and_imports_nothing(tmp_path, data):
    """Cut short, a stray control character, a DOCTYPE, not XML at all: one line, no rows."""
    document = data.draw(export())
    raw = data.draw(broken(document))
    path = tmp_path / "broken.xml"
    path.write_bytes(raw)
    before = Article.objects.count(), Author.objects.count(), Category.objects.count()
    try:
        run_import(path)
    except CommandError as error:
        assert "Nothing was imported" in str(error) and "\n" not in str(error)
        assert (Article.objects.count(), Author.objects.count(),
                Category.objects.count()) == before
        event("refused")
    else:  # the damage left a whole document (a cut after </rss>), which imports
        event("imported")


def minimal_export(channel="", item=""):
    """One published post, with `channel` and `item` XML added to its channel and item."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><wp:wxr_version>1.2</wp:wxr_version>{channel}<item><title>Harbour</title>"
        "<wp:post_id>7</wp:post_id><wp:status>publish</wp:status><wp:post_type>post"
        "</wp:post_type><content:encoded>Text.</content:encoded>"
        f"{item}</item></channel></rss>"
    )


@pytest.mark.parametrize(("channel", "item"), [
    ("<wp:category><wp:category_nicename></wp:category_nicename><wp:cat_name>No slug"
     "</wp:cat_name></wp:category>", ""),
    ("", "<wp:postmeta><wp:meta_key>views</wp:meta_key><wp:meta_value>" + "9" * 400
     + "</wp:meta_value></wp:postmeta>"),
    ("", "<wp:postmeta><wp:meta_key>views</wp:meta_key><wp:meta_value>²</wp:meta_value>"
     "</wp:postmeta><wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
     "<wp:meta_value>²</wp:meta_value></wp:postmeta>"),
    ("", '<content:encoded>[gallery id="²"]</content:encoded>'),
    ("<wp:tag><wp:tag_slug>%00</wp:tag_slug><wp:tag_name>Nul</wp:tag_name></wp:tag>",
     "<wp:post_name>a%00b</wp:post_name><link>https://old.example/%00/</link>"),
    ("", "<wp:post_date_gmt>0001-01-01 00:00:00</wp:post_date_gmt>"),
    ("", "<wp:post_date_gmt>9999-12-31 23:59:59</wp:post_date_gmt>"),
    ("<wp:author><wp:author_login>" + "a" * 600 + "</wp:author_login></wp:author>",
     "<dc:creator>" + "a" * 600 + "</dc:creator><wp:post_name>" + "b" * 600
     + "</wp:post_name>"),
    ("<wp:category><wp:category_nicename>" + "c" * 400 + "</wp:category_nicename><wp:cat_name>"
     "</wp:cat_name></wp:category>", ""),
], ids=["category without slug", "views past any column", "superscript numbers",
        "gallery of post ²", "NUL in slugs and links", "year 1", "year 9999",
        "login and slug past their columns", "nameless category with a long slug"])
def test_odd_values_that_once_failed_an_import_now_import(tmp_path, channel, item):
    """Each of these stopped the import or lost the post (some on PostgreSQL only)."""
    path = tmp_path / "odd.xml"
    path.write_text(minimal_export(channel, item), encoding="utf-8")
    assert ", errors 0" in run_import(path).splitlines()[-1]
    article = Article.objects.get()
    assert client().get("/en/").status_code == 200
    assert client().get(article.get_absolute_url()).status_code == 200
