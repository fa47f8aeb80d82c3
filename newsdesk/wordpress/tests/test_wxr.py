import io

import pytest

from newsdesk.wordpress.tests.conftest import FIXTURES, HARBOUR_TIMES
from newsdesk.wordpress.wxr import Site, WXRError, read_export


def records(path):
    site = Site()
    return site, list(read_export(str(path), site))


def test_a_wxr_1_2_export_yields_site_authors_terms_and_items_in_document_order():
    site, found = records(HARBOUR_TIMES)
    kinds = [kind for kind, _record in found]
    assert kinds.count("author") == 3 and kinds.count("term") == 10
    assert kinds.index("term") > kinds.index("author") and kinds[-1] == "item"
    assert (site.title, site.language, site.wxr_version) == ("Harbour Times", "en-US", "1.2")
    assert site.base_blog_url == "https://harbourtimes.example"


def test_percent_encoded_chinese_slugs_are_decoded():
    _site, found = records(HARBOUR_TIMES)
    terms = {record.slug: record for kind, record in found if kind == "term"}
    assert terms["社区"].parent_slug == "news" and terms["港口"].taxonomy == "post_tag"
    chinese = next(r for k, r in found if k == "item" and r.wp_id == 103)
    assert chinese.slug == "青川港口新渡轮"


def test_split_cdata_sections_join_into_the_original_text():
    """WordPress writes "]]>" inside content as "]]]]><![CDATA[>"; the text has "]]>" again."""
    _site, found = records(HARBOUR_TIMES)
    items = {record.wp_id: record for kind, record in found if kind == "item"}
    assert 'code word "]]>" was painted' in items[101].content
    assert "<code>]]></code>" in items[109].content
    assert 'CDATA end "]]>" survives' in items[109].comments[0].content
    assert items[109].comments[0].author_name == "Sailor <Sam>"


def test_comments_keep_threading_status_author_details_and_gmt_dates():
    _site, found = records(HARBOUR_TIMES)
    ferry = next(r for k, r in found if k == "item" and r.wp_id == 101)
    by_id = {comment.wp_id: comment for comment in ferry.comments}
    assert [c.status for c in ferry.comments] == [
        "approved", "approved", "approved", "pending", "spam", "trash", "approved"]
    assert (by_id[502].parent_id, by_id[503].parent_id) == (501, 502)
    assert by_id[507].kind == "pingback" and by_id[503].kind == "comment"
    first = by_id[501]
    assert (first.author_email, first.author_url, first.author_ip) == (
        "anna@example.org", "https://anna.example.org/", "192.0.2.10")
    assert first.date.isoformat() == "2024-03-05T09:00:00+00:00"


def test_post_fields_sticky_meta_terms_and_zero_gmt_dates():
    _site, found = records(HARBOUR_TIMES)
    items = {record.wp_id: record for kind, record in found if kind == "item"}
    ferry, draft = items[101], items[104]
    assert ferry.sticky and not items[102].sticky
    assert ferry.meta_value("_thumbnail_id") == "20" and ferry.meta_value("views") == "1520"
    assert ("category", "harbour", "Harbour") in ferry.terms
    assert ("post_tag", "ferries", "Ferries") in ferry.terms
    assert draft.date_gmt is None and draft.date_local.isoformat() == "2024-03-08T15:45:00"
    assert items[20].post_type == "attachment" and items[20].parent_id == 101


@pytest.mark.parametrize("name", ["wxr-1.0.xml", "wxr-1.1.xml"])
def test_older_wxr_versions_with_other_namespaces_are_read(name):
    site, found = records(FIXTURES / name)
    item = next(record for kind, record in found if kind == "item")
    assert site.wxr_version == name[4:7]
    assert item.title == "Trawler fleet shrinks again" and item.wp_id == 7
    assert ("post_tag", "fishing", "Fishing") in item.terms
    assert ("category", "quay", "Quay") in item.terms and len(item.terms) == 2
    assert item.comments[0].author_name == "Fisher Joe"
    assert item.date_gmt.isoformat() == "2010-04-30T09:00:00+00:00"


def test_a_truncated_export_fails_naming_the_line_where_it_ends():
    path = FIXTURES / "truncated.wxr.xml"
    with pytest.raises(WXRError, match="not finished") as caught:
        records(path)
    assert caught.value.line == path.read_text().count("\n") + 1


def test_a_malformed_element_fails_naming_its_line():
    broken = HARBOUR_TIMES.read_text().replace(
        "<wp:post_id>102</wp:post_id>", "<wp:post_id>102</wp:post_idd>")
    line = broken[: broken.index("</wp:post_idd>")].count("\n") + 1
    with pytest.raises(WXRError, match="mismatch") as caught:
        list(read_export(io.BytesIO(broken.encode())))
    assert caught.value.line == line


def test_entity_declarations_are_refused_and_never_expanded():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY file SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&c;&file;</title></channel></rss>"""
    with pytest.raises(WXRError, match="DOCTYPE"):
        list(read_export(io.BytesIO(bomb)))


def test_a_document_that_is_not_rss_is_refused():
    with pytest.raises(WXRError, match="not a WordPress export"):
        list(read_export(io.BytesIO(b"<html><body>Not found</body></html>")))
    with pytest.raises(WXRError, match="without a <channel>"):
        list(read_export(io.BytesIO(b"<rss version='2.0'></rss>")))
