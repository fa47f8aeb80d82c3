import datetime

import pytest
from django.core.management import CommandError

from newsdesk.publishing.models import Article, Author, Category, Tag
from newsdesk.redirects.models import Redirect
from newsdesk.wordpress.models import ImportedObject
from newsdesk.wordpress.tests.conftest import FIXTURES, HARBOUR_TIMES, run_import

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def article(wp_id):
    record = ImportedObject.objects.get(kind="post", wp_id=str(wp_id))
    return Article.objects.get(pk=record.object_id)


def test_import_creates_every_author_category_tag_and_post_and_reports_them(media_root):
    output = run_import()
    assert Author.objects.count() == 3 and Category.objects.count() == 6
    assert Tag.objects.count() == 3 and Article.objects.count() == 8
    assert "posts        created 8, updated 0, skipped 1, errors 0" in output
    assert "comments in the export: 6 approved, 2 pending, 1 spam, 1 trash" in output
    assert "comments     created 10, updated 0, skipped 0, errors 0" in output
    assert "1 item of type 'page' skipped" in output
    assert "Unknown shortcode [contact-form-7] kept as text (1 time)." in output
    assert "1 private post imported as drafts" in output
    assert "1 sticky post pinned to the top of the home page" in output
    assert output.strip().splitlines()[-1].startswith("Created ")


def test_authors_get_display_names_and_their_logins_and_emails_are_kept_in_the_records(media_root):
    run_import()
    assert sorted(Author.objects.values_list("name", flat=True)) == [
        "Mara Lindqvist", "Tom Jones", "张伟"]
    record = ImportedObject.objects.get(kind="author", wp_id="zhangwei")
    assert record.data["email"] == "zhang.wei@harbourtimes.example"
    assert record.target.name == "张伟" and record.target.slug == "zhang-wei"


def test_categories_keep_their_hierarchy_and_chinese_slugs_become_pinyin(media_root):
    run_import()
    harbour = Category.objects.get(slug="harbour")
    assert [c.slug for c in harbour.lineage()] == ["news", "city", "harbour"]
    assert harbour.description == "Ships, ferries and the port."
    community = Category.objects.get(name="社区")
    assert community.slug == "she-qu" and community.parent.slug == "news"
    assert Category.objects.get(slug="opinion").name == "Opinion & Analysis"


def test_post_fields_statuses_dates_and_classification(media_root):
    run_import()
    ferry = article(101)
    assert ferry.title == "Harbour ferry returns after winter refit"
    assert ferry.slug == "harbour-ferry-returns" and ferry.language == "en"
    assert ferry.status == "published" and ferry.is_live
    assert ferry.published_at == datetime.datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    assert ferry.updated_at == datetime.datetime(2024, 3, 6, 10, 0, tzinfo=UTC)
    assert ferry.created_at == ferry.published_at
    assert ferry.summary == "The Kestrel is back on the water."
    assert ferry.category.slug == "harbour"  # Yoast's primary category
    assert sorted(ferry.tags.values_list("slug", flat=True)) == ["council", "ferries"]
    assert [a.name for a in ferry.authors.all()] == ["Mara Lindqvist"]
    assert "<!-- wp:" not in ferry.body and 'code word "]]&gt;"' in ferry.body_html
    assert ImportedObject.objects.get(kind="post", wp_id="101").data["sticky"] is True
    assert ferry.pinned and not article(102).pinned

    chinese = article(103)
    assert chinese.language == "zh-hans"
    assert chinese.slug == "qing-chuan-gang-kou-xin-du-lun-qi-hang"
    assert chinese.category.name == "社区" and chinese.tags.get().name == "港口"

    scheduled = article(105)
    assert scheduled.status == "published" and scheduled.is_scheduled
    assert scheduled.published_at == datetime.datetime(2099, 1, 15, 7, 0, tzinfo=UTC)

    for wp_id in (104, 106, 107):  # draft, pending, private
        assert article(wp_id).status == "draft" and not article(wp_id).is_live
    assert article(104).published_at is None and article(104).slug.startswith("budget-preview")
    assert article(109).title == "Tide tables: Q&A" and article(109).category.slug == "harbour"
    assert not ImportedObject.objects.filter(kind="post", wp_id="108").exists()  # trash


def test_view_counts_come_from_the_common_plugin_keys(media_root):
    run_import()
    assert [article(wp_id).view_count for wp_id in (101, 102, 103, 109, 104)] == [
        1520, 90, 300, 42, 0]


def test_a_second_import_duplicates_nothing_and_reports_everything_skipped(media_root):
    run_import()
    counts = (Article.objects.count(), Author.objects.count(), Category.objects.count(),
              Tag.objects.count(), Redirect.objects.count(), ImportedObject.objects.count())
    output = run_import()
    assert (Article.objects.count(), Author.objects.count(), Category.objects.count(),
            Tag.objects.count(), Redirect.objects.count(),
            ImportedObject.objects.count()) == counts
    assert "Created 0, updated 0," in output
    assert article(101).view_count == 1520


def test_a_changed_export_updates_what_changed_and_keeps_views_counted_since(media_root, tmp_path):
    run_import()
    Article.objects.filter(pk=article(101).pk).update(view_count=1600)  # 80 read on newsdesk
    changed = HARBOUR_TIMES.read_text().replace(
        "Harbour ferry returns after winter refit", "Harbour ferry is back"
    ).replace("<![CDATA[1520]]>", "<![CDATA[1550]]>")
    path = tmp_path / "changed.xml"
    path.write_text(changed)
    output = run_import(path)
    assert "posts        created 0, updated 1, skipped 8" in output  # 7 unchanged, 1 in the bin
    ferry = article(101)
    assert ferry.title == "Harbour ferry is back" and ferry.slug == "harbour-ferry-returns"
    assert ferry.view_count == 1630  # 1550 from WordPress + 80 counted here


def test_an_article_deleted_after_the_import_is_not_created_again(media_root):
    run_import()
    article(102).delete()
    output = run_import()
    assert "Post 102 ('Night market returns to the net loft') was deleted" in output
    assert Article.objects.count() == 7


def test_dry_run_reports_and_saves_nothing(media_root, uploads_dir):
    output = run_import(HARBOUR_TIMES, "--dry-run", "--uploads-dir", str(uploads_dir))
    assert "posts        created 8" in output and "dry run: nothing was saved" in output
    assert not Article.objects.exists() and not Redirect.objects.exists()
    assert not ImportedObject.objects.exists()
    assert not (media_root / "wordpress").exists()


def test_a_truncated_export_imports_nothing_and_names_the_line(media_root):
    path = FIXTURES / "truncated.wxr.xml"
    with pytest.raises(CommandError) as caught:
        run_import(path)
    message = str(caught.value)
    assert f"at line {path.read_text().count(chr(10)) + 1}" in message
    assert "Nothing was imported" in message
    assert not Article.objects.exists() and not Author.objects.exists()


def test_a_missing_file_or_uploads_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(tmp_path / "nope.xml")
    with pytest.raises(CommandError, match="--uploads-dir"):
        run_import(HARBOUR_TIMES, "--uploads-dir", str(tmp_path / "nope"))


def test_without_uploads_the_featured_image_urls_are_kept_and_reported(media_root):
    output = run_import()
    assert "2 featured images not copied (no --uploads-dir)" in output
    record = ImportedObject.objects.get(kind="post", wp_id="101")
    assert record.data["featured_image_url"] == (
        "https://harbourtimes.example/wp-content/uploads/2024/03/harbour-ferry.jpg")
    assert not article(101).featured_image


def test_uploads_become_media_files_featured_images_and_rewritten_links(media_root, uploads_dir):
    output = run_import(HARBOUR_TIMES, "--uploads-dir", str(uploads_dir))
    ferry = article(101)
    assert ferry.featured_image.name == "wordpress/uploads/2024/03/harbour-ferry.jpg"
    assert (ferry.featured_image_width, ferry.featured_image_height) == (640, 427)
    assert ferry.featured_image_alt == "The ferry Kestrel at the pier"
    assert (media_root / "wordpress/uploads/2024/03/harbour-ferry.jpg").is_file()
    assert 'src="/media/wordpress/uploads/2024/03/harbour-ferry-300x200.jpg"' in ferry.body
    market = article(102).body
    assert "harbourtimes.example/wp-content" not in market
    assert market.count('src="/media/wordpress/uploads/2024/03/market.jpg"') == 2
    assert "featured image file '2024/03/sea-wall-plan.png' is not in the uploads" in output
    assert "attachments  created 4" in output

    output = run_import(HARBOUR_TIMES, "--uploads-dir", str(uploads_dir))
    assert "Created 0, updated 0" in output
    assert sorted(p.name for p in (media_root / "wordpress/uploads/2024/03").iterdir()) == [
        "harbour-ferry-300x200.jpg", "harbour-ferry.jpg", "market-2.jpg", "market.jpg"]


def test_uploads_outside_the_uploads_directory_are_never_read(media_root, uploads_dir, tmp_path):
    (tmp_path / "secret.jpg").write_bytes(b"secret")
    hostile = HARBOUR_TIMES.read_text().replace(
        "2024/03/market-2.jpg]]></wp:meta_value>", "../secret.jpg]]></wp:meta_value>"
    ).replace('[gallery ids="21,22" columns="2"]', '<img src="/wp-content/uploads/../secret.jpg">')
    path = tmp_path / "hostile.xml"
    path.write_text(hostile)
    run_import(path, "--uploads-dir", str(uploads_dir))
    assert not list(media_root.rglob("secret.jpg"))


def test_copied_uploads_are_checked_like_uploads_and_lose_their_metadata(
    media_root, uploads_dir, tmp_path
):
    """A photo's GPS position stays behind; SVG and HTML stay on the old site; a PDF comes."""
    from PIL import Image

    photo = Image.new("RGB", (640, 427), "navy")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (60.0, 10.0, 0.0)}  # GPS latitude
    photo.save(uploads_dir / "2024/03/market.jpg", "JPEG", exif=exif.tobytes())
    (uploads_dir / "2024/03/map.svg").write_text('<svg onload="alert(1)"/>')
    (uploads_dir / "2024/03/page.html").write_text("<script>alert(1)</script>")
    (uploads_dir / "2024/03/not-a-photo.jpg").write_bytes(b"<html><script>x</script>")
    (uploads_dir / "2024/03/timetable.pdf").write_bytes(b"%PDF-1.4 timetable")
    old = "https://harbourtimes.example/wp-content/uploads/2024/03/"
    links = "".join(f'<a href="{old}{name}">{name}</a> ' for name in (
        "map.svg", "page.html", "not-a-photo.jpg", "timetable.pdf"))
    export = tmp_path / "export.xml"
    export.write_text(HARBOUR_TIMES.read_text().replace(
        "Bring cash: the card machines are patchy.", f"Bring cash. {links}"))

    output = run_import(export, "--uploads-dir", str(uploads_dir))

    with Image.open(media_root / "wordpress/uploads/2024/03/market.jpg") as copy:
        assert copy.size == (640, 427)
        assert not copy.getexif() and "exif" not in copy.info
    body = article(102).body
    assert 'href="/media/wordpress/uploads/2024/03/timetable.pdf"' in body
    for name in ("map.svg", "page.html", "not-a-photo.jpg"):
        assert f'{old}{name}' in body, "the old address is kept"
        assert not (media_root / "wordpress/uploads/2024/03" / name).exists()
        assert f"Upload '2024/03/{name}' not copied" in output
    assert "not an image newsdesk can read" in output


@pytest.mark.parametrize("name", ["wxr-1.0.xml", "wxr-1.1.xml"])
def test_older_exports_import_with_authors_from_the_posts(media_root, name):
    output = run_import(FIXTURES / name)
    trawler = Article.objects.get()
    assert trawler.slug == "trawler-fleet-shrinks" and trawler.category.slug == "quay"
    assert trawler.tags.get().slug == "fishing" and trawler.view_count == 77
    expected = "Edna Quayle" if name == "wxr-1.1.xml" else "oldeditor"
    assert trawler.authors.get().name == expected
    assert Redirect.objects.filter(old_path="/blog/2010/04/trawler-fleet-shrinks/").exists()
    assert Redirect.objects.filter(old_path="/blog/?p=7").exists()
    assert "errors 0" in output.splitlines()[-1]


def test_language_option_sets_posts_without_a_language_of_their_own(media_root):
    run_import(FIXTURES / "wxr-1.0.xml", "--language", "zh-hans")
    assert Article.objects.get().language == "zh-hans"


def test_a_category_the_newsroom_already_has_is_adopted_not_doubled(media_root):
    existing = Category.objects.create(name="City", slug="city")
    run_import()
    assert Category.objects.filter(name="City").count() == 1
    assert article(104).category == existing
    assert Category.objects.get(slug="harbour").parent == existing


def test_a_post_exported_again_under_a_new_id_is_found_by_its_guid(media_root, tmp_path):
    """A site moved between WordPress installs keeps GUIDs even when post ids change."""
    run_import()
    moved = HARBOUR_TIMES.read_text().replace("<wp:post_id>102</wp:post_id>",
                                              "<wp:post_id>9102</wp:post_id>")
    path = tmp_path / "moved.xml"
    path.write_text(moved)
    run_import(path)
    assert Article.objects.filter(title="Night market returns to the net loft").count() == 1
    assert ImportedObject.objects.get(kind="post", guid="https://harbourtimes.example/?p=102") \
        .wp_id == "9102"
