"""Generated WordPress exports (WXR 1.2) with hostile values everywhere, for hypothesis.

`export()` is a well-formed document: every title, content, shortcode, slug,
date, number, comment, author and term may carry attacks, odd Unicode, huge
numbers or nonsense, but only characters XML can hold. `broken(document)`
turns one into a file that is no longer XML.
"""

import re
from xml.sax.saxutils import quoteattr

from hypothesis import strategies as st

from newsdesk.core.testing import ATTACKS, XML_ATTACKS, hostile_text

# Characters XML 1.0 cannot carry at all, even as references: such text is a broken file.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SHORTCODES = [
    '[caption id="attachment_9" width="300"]<img src="javascript:alert(1)" onerror="x"> '
    "<script>alert(1)</script>[/caption]",
    '[caption caption="<svg onload=alert(1)>"]<a href="javascript:x"><img src=x></a>[/caption]',
    '[gallery ids="9,10,99999999999999999999"]', '[gallery id="²"]', "[gallery]",
    "[embed]javascript:alert(1)[/embed]", '[embed]https://x.example/"onmouseover="x[/embed]',
    '[audio src="javascript:alert(1)"]', '[video mp4="https://x.example/v.mp4\\"><script>"]',
    '[playlist ids="9,10"]', "[youtube=https://youtu.be/x?a=<b>]", '[vimeo "٣٣"]',
    '[contact-form-7 id="1" title="<script>"]', "[[caption]]", "[caption", "[/caption]",
    "<!-- wp:paragraph --><p onclick=\"x\">a</p><!-- /wp:paragraph -->",
    "<!-- wp:latest-posts /-->", '<iframe src="javascript:alert(1)"></iframe>',
    '<embed src="data:text/html,x">', '<video><source src="javascript:x"></video>',
    "\nhttps://evil.example/\"onmouseover=\"x\n", "<!--more-->", "<pre><script>x</script></pre>",
    '<img src="https://old.example/wp-content/uploads/2024/03/photo.jpg" alt="x">',
    '<img src="/wp-content/uploads/../../secret.txt">', "/wp-content/uploads/%2e%2e/secret.txt",
    "<pre>\n\n    code\n\n</pre>", "\n\n\n", "<p>", "</div></div></article>",
]
DATES = ["2024-03-05 08:30:00", "0000-00-00 00:00:00", "9999-12-31 23:59:59",
         "0001-01-01 00:00:00", "2024-13-45 99:99:99", "", "yesterday", "2024-02-30 10:00:00"]
SLUGS = ["%00", "%e4%b8%ad%e6%96%87", "..%2f..%2fetc", "a" * 600, "-", "%ff%fe", "harbour"]
NUMBERS = ["9" * 400, "²", "-5", "0", "12", "٣", " 7 ", "1e9", "9", "10"]
# Files named by attachments (ids 9, 10, 12): the uploads directory has only the first;
# the others try to leave it.
UPLOADED = ["2024/03/photo.jpg", "../secret.txt", "2024/03/../../../secret.txt", "/etc/passwd",
            "%2e%2e/secret.txt", "2024/03/%00photo.jpg", "2024/03/" + "a" * 300 + ".jpg", "",
            "2024/03/", "..", "2024/03/photo.jpg/../../../secret.txt"]


def text(max_size=300):
    """Hostile text that XML can carry (what it cannot is tested as a broken file)."""
    return hostile_text(max_size=max_size).map(lambda value: NOT_XML.sub("", value))


def any_of(samples, max_size=300):
    return st.one_of(st.sampled_from(samples), text(max_size))


def escaped(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def element(name, value, cdata=False):
    """<name>value</name>, escaped as WordPress does: CDATA (split at "]]>") or entities."""
    if cdata:
        return f"<{name}><![CDATA[{value.replace(']]>', ']]]]><![CDATA[>')}]]></{name}>"
    return f"<{name}>{escaped(value)}</{name}>"


def fields(**strategies):
    """An XML fragment of elements whose values come from `strategies`."""
    return st.tuples(*(st.tuples(st.just(name), strategy, st.booleans())
                       for name, strategy in strategies.items())).map(
        lambda parts: "".join(element(name, value, cdata) for name, value, cdata in parts))


def comment():
    return fields(**{
        "wp:comment_id": any_of(NUMBERS), "wp:comment_author": text(),
        "wp:comment_author_email": text(), "wp:comment_author_url": any_of(
            ["javascript:alert(1)", 'https://x.example/"><script>', "https://ok.example/"]),
        "wp:comment_author_IP": any_of(["192.0.2.1", "::1", "999.1.1.1"], 60),
        "wp:comment_date_gmt": any_of(DATES, 30), "wp:comment_content": text(2000),
        "wp:comment_approved": st.sampled_from(["1", "0", "spam", "trash", "x"]),
        "wp:comment_type": st.sampled_from(["", "pingback", "trackback", "<b>"]),
        "wp:comment_parent": any_of(NUMBERS, 20),
    }).map(lambda inner: f"<wp:comment>{inner}</wp:comment>")


def postmeta(key, value):
    return f"<wp:postmeta>{element('wp:meta_key', key)}{element('wp:meta_value', value)}" \
           "</wp:postmeta>"


def attachment():
    """An attachment item: its file may lie outside the uploads directory."""
    return st.tuples(st.sampled_from(["9", "10", "12"]), any_of(UPLOADED, 100), text(100),
                     text(100), any_of(NUMBERS, 20)).map(lambda parts: "".join([
                         "<item>", element("title", parts[2]), element("wp:post_id", parts[0]),
                         element("wp:post_type", "attachment"), element("wp:status", "inherit"),
                         element("wp:attachment_url",
                                 "https://old.example/wp-content/uploads/" + parts[1]),
                         element("wp:post_parent", parts[4]),
                         postmeta("_wp_attached_file", parts[1]),
                         postmeta("_wp_attachment_image_alt", parts[3]), "</item>"]))


def content():
    return st.lists(st.one_of(text(500), st.sampled_from(SHORTCODES)), max_size=8).map("".join)


def item(published=False):
    """An <item>; a published post (hostile everywhere else) when `published`."""
    terms = st.lists(st.tuples(st.sampled_from(["category", "post_tag", "tag", "language", ""]),
                               any_of(SLUGS, 60), text(120)), max_size=3)
    meta = st.lists(st.tuples(st.sampled_from(["views", "post_views_count", "_thumbnail_id",
                                               "_yoast_wpseo_primary_category", "<x>"]),
                              any_of(NUMBERS, 40)), max_size=3)
    return st.tuples(
        fields(**{
            "title": text(400), "link": any_of(["https://old.example/2024/03/a/", "/%00/"]),
            "guid": text(100), "content:encoded": content(), "excerpt:encoded": text(700),
            "dc:creator": any_of(["editor"], 80), "wp:post_id": any_of(NUMBERS, 30),
            "wp:post_date_gmt": any_of(DATES, 30), "wp:post_date": any_of(DATES, 30),
            "wp:post_name": any_of(SLUGS, 300),
            "wp:status": st.just("publish") if published else any_of(
                ["publish", "draft", "future", "private", "trash"], 20),
            "wp:post_type": st.just("post") if published else any_of(
                ["post", "page", "attachment", "nav_menu_item"], 20),
            "wp:post_parent": any_of(NUMBERS, 20), "wp:attachment_url": text(100),
        }),
        terms.map(lambda found: "".join(
            f"<category domain={quoteattr(kind)} nicename={quoteattr(slug)}>"
            f"{escaped(name)}</category>" for kind, slug, name in found)),
        meta.map(lambda found: "".join(postmeta(key, value) for key, value in found)),
        st.lists(comment(), max_size=3).map("".join),
    ).map(lambda parts: f"<item>{''.join(parts)}</item>")


def export():
    """A well-formed WXR 1.2 document with hostile values everywhere."""
    header = st.tuples(
        fields(title=text(100), link=any_of(["https://old.example"], 100),
               language=any_of(["en-US", "zh-CN", "zh-TW"], 20)),
        st.lists(fields(**{"wp:author_login": any_of(["editor"], 600),
                           "wp:author_display_name": text(300)}).map(
            lambda inner: f"<wp:author>{inner}</wp:author>"), max_size=2),
        st.lists(fields(**{"wp:category_nicename": any_of(SLUGS, 600),
                           "wp:category_parent": any_of(SLUGS, 60), "wp:cat_name": text(200),
                           "wp:category_description": text(300)}).map(
            lambda inner: f"<wp:category>{inner}</wp:category>"), max_size=3),
        st.lists(fields(**{"wp:tag_slug": any_of(SLUGS, 200), "wp:tag_name": text(200)}).map(
            lambda inner: f"<wp:tag>{inner}</wp:tag>"), max_size=2),
        st.tuples(st.lists(attachment(), max_size=2), item(published=True),
                  st.lists(item(), max_size=2)).map(lambda items: [*items[0], items[1], *items[2]]),
    )
    return header.map(lambda parts: (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel>{parts[0]}<wp:wxr_version>1.2</wp:wxr_version>"
        f"{''.join(parts[1])}{''.join(parts[2])}{''.join(parts[3])}{''.join(parts[4])}"
        "</channel></rss>"
    ))


def broken(document):
    """Ways a file stops being XML: cut short, a stray byte, a control character, a DOCTYPE."""
    return st.one_of(
        st.integers(1, max(1, len(document) - 8)).map(lambda cut: document[:cut].encode()),
        st.tuples(st.integers(0, len(document)), st.sampled_from(["\x00", "\x01", "\ufffe"])).map(
            lambda spot: (document[:spot[0]] + spot[1] + document[spot[0]:]).encode()),
        st.sampled_from(XML_ATTACKS).map(str.encode),
        st.binary(max_size=200),
        st.sampled_from(ATTACKS).map(str.encode),
    )
