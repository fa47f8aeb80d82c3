"""Read a WordPress eXtended RSS (WXR 1.0–1.2) export as a stream of plain records.

The file is parsed with lxml in a streaming, safe mode: no DTD is loaded, no
entity is resolved, nothing is fetched from the network, and a document with a
DOCTYPE (WordPress never writes one) is refused. Each child of <channel> is
turned into a dataclass when its end tag is read and then freed, so memory
stays flat however large the export is.

Namespaces differ between WXR versions (http://wordpress.org/export/1.0/ ...
1.2/), so elements are matched on their local names.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree

EMPTY_DATE = "0000-00-00 00:00:00"
# Dates outside these years are typing errors or placeholders, and would not survive the
# move into every time zone (datetime ends at year 9999): they count as no date.
YEARS = range(1000, 9999)


class WXRError(Exception):
    """The export cannot be read; `line` is where the problem was found (or None)."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


@dataclass
class Site:
    title: str = ""
    link: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass
class WPAuthor:
    login: str
    display_name: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: str = ""


@dataclass
class WPTerm:
    taxonomy: str  # "category", "post_tag", or another taxonomy of a <wp:term>
    slug: str
    name: str = ""
    parent_slug: str = ""
    description: str = ""
    term_id: str = ""


@dataclass
class WPComment:
    wp_id: int
    parent_id: int = 0
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date: datetime.datetime | None = None
    content: str = ""
    status: str = "pending"  # approved, pending, spam, trash
    kind: str = "comment"  # comment, pingback, trackback
    user_id: int = 0
    # <wp:commentmeta>: key -> first value (_wp_trash_meta_status, akismet_result...)
    meta: dict = field(default_factory=dict)


@dataclass
class WPItem:
    wp_id: int
    post_type: str = "post"
    title: str = ""
    link: str = ""
    guid: str = ""
    slug: str = ""
    status: str = ""
    content: str = ""
    excerpt: str = ""
    creator: str = ""
    date_gmt: datetime.datetime | None = None
    date_local: datetime.datetime | None = None
    modified_gmt: datetime.datetime | None = None
    sticky: bool = False
    parent_id: int = 0
    password: str = ""
    attachment_url: str = ""
    terms: list = field(default_factory=list)  # (taxonomy, slug, name)
    meta: dict = field(default_factory=dict)  # key -> list of values
    comments: list = field(default_factory=list)

    def meta_value(self, key, default=""):
        values = self.meta.get(key)
        return values[0] if values else default


def localname(element):
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text(element):
    return (element.text or "").strip() if element is not None else ""


def raw_text(element):
    """Text without stripping: content keeps its exact whitespace for autop."""
    return element.text or ""


def parse_datetime(value, aware=True):
    """A WordPress "Y-m-d H:i:s" value; None for empty or the zero date."""
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        moment = datetime.datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if moment.year not in YEARS:
        return None
    return moment.replace(tzinfo=datetime.UTC) if aware else moment


def to_int(value, default=0):
    try:
        return int((value or "").strip())
    except ValueError:
        return default


def decoded_slug(value):
    """WordPress stores non-ASCII slugs percent-encoded (%e4%b8%ad): decode them.

    A NUL ("%00") is dropped: no slug holds one, and PostgreSQL refuses it.
    """
    return unquote(value or "").replace("\x00", "").strip()


TAXONOMY_ALIASES = {"tag": "post_tag"}  # WXR 1.0 named post tags "tag"
COMMENT_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash",
                  "post-trashed": "trash"}


def read_comment(element):
    values = {localname(child): child for child in element}
    kind = text(values.get("comment_type")) or "comment"
    meta = {}
    for child in element:
        if localname(child) == "commentmeta":
            parts = {localname(part): part for part in child}
            meta.setdefault(text(parts.get("meta_key")), raw_text(parts.get("meta_value")))
    return WPComment(
        wp_id=to_int(text(values.get("comment_id"))),
        parent_id=to_int(text(values.get("comment_parent"))),
        author_name=text(values.get("comment_author")),
        author_email=text(values.get("comment_author_email")),
        author_url=text(values.get("comment_author_url")),
        author_ip=text(values.get("comment_author_IP")),
        date=parse_datetime(text(values.get("comment_date_gmt")))
        or parse_datetime(text(values.get("comment_date"))),
        content=raw_text(values.get("comment_content")).strip(),
        status=COMMENT_STATUS.get(text(values.get("comment_approved")), "pending"),
        kind=kind if kind in ("pingback", "trackback") else "comment",
        user_id=to_int(text(values.get("comment_user_id"))),
        meta={key: value for key, value in meta.items() if key},
    )


def read_item(element):
    item = WPItem(wp_id=0)
    for child in element:
        name = localname(child)
        if name == "encoded":
            namespace = etree.QName(child).namespace or ""
            if "excerpt" in namespace:
                item.excerpt = raw_text(child)
            else:
                item.content = raw_text(child)
        elif name == "category":
            taxonomy = TAXONOMY_ALIASES.get(child.get("domain"), child.get("domain"))
            if taxonomy:  # WXR 1.0 repeats categories without a domain: skip those
                item.terms.append((taxonomy, decoded_slug(child.get("nicename")), text(child)))
        elif name == "postmeta":
            parts = {localname(part): part for part in child}
            key = text(parts.get("meta_key"))
            item.meta.setdefault(key, []).append(raw_text(parts.get("meta_value")))
        elif name == "comment":
            item.comments.append(read_comment(child))
        else:
            _set_item_field(item, name, child)
    return item


def _set_item_field(item, name, child):
    value = text(child)
    if name == "post_id":
        item.wp_id = to_int(value)
    elif name == "post_type":
        item.post_type = value
    elif name == "title":
        item.title = value
    elif name == "link":
        item.link = value
    elif name == "guid":
        item.guid = value
    elif name == "post_name":
        item.slug = decoded_slug(value)
    elif name == "status":
        item.status = value
    elif name == "creator":
        item.creator = value
    elif name == "post_date_gmt":
        item.date_gmt = parse_datetime(value)
    elif name == "post_date":
        item.date_local = parse_datetime(value, aware=False)
    elif name == "post_modified_gmt":
        item.modified_gmt = parse_datetime(value)
    elif name == "is_sticky":
        item.sticky = value == "1"
    elif name == "post_parent":
        item.parent_id = to_int(value)
    elif name == "post_password":
        item.password = value
    elif name == "attachment_url":
        item.attachment_url = value


def read_author(element):
    values = {localname(child): text(child) for child in element}
    return WPAuthor(
        login=values.get("author_login", ""),
        display_name=values.get("author_display_name", ""),
        email=values.get("author_email", ""),
        first_name=values.get("author_first_name", ""),
        last_name=values.get("author_last_name", ""),
        wp_id=values.get("author_id", ""),
    )


def read_term(element):
    values = {localname(child): text(child) for child in element}
    kind = localname(element)
    if kind == "category":
        return WPTerm("category", decoded_slug(values.get("category_nicename")),
                      values.get("cat_name", ""), decoded_slug(values.get("category_parent")),
                      values.get("category_description", ""), values.get("term_id", ""))
    if kind == "tag":
        return WPTerm("post_tag", decoded_slug(values.get("tag_slug")),
                      values.get("tag_name", ""), "", values.get("tag_description", ""),
                      values.get("term_id", ""))
    return WPTerm(values.get("term_taxonomy", ""), decoded_slug(values.get("term_slug")),
                  values.get("term_name", ""), decoded_slug(values.get("term_parent")),
                  values.get("term_description", ""), values.get("term_id", ""))


SITE_FIELDS = {"title": "title", "link": "link", "language": "language",
               "wxr_version": "wxr_version", "base_site_url": "base_site_url",
               "base_blog_url": "base_blog_url"}


def read_export(source, site=None) -> Iterator[tuple[str, object]]:
    """Yield ("author"|"term"|"item", record) in document order from a WXR file.

    `source` is a path or a binary file object (wrap it to follow progress).
    `site` (a Site) is filled with the channel's own fields as they are read.
    """
    site = site if site is not None else Site()
    parser = etree.iterparse(
        source, events=("start", "end"), resolve_entities=False, no_network=True,
        load_dtd=False, huge_tree=True, remove_comments=True, remove_pis=True,
    )
    depth, seen_channel = 0, False
    try:
        for event, element in parser:
            if event == "start":
                depth += 1
                if depth == 1:
                    _check_root(element)
                elif depth == 2 and localname(element) == "channel":
                    seen_channel = True
                continue
            depth -= 1
            if depth != 2:  # only children of <channel> are whole records
                continue
            name = localname(element)
            record = None
            if name == "item":
                record = ("item", read_item(element))
            elif name == "author":
                record = ("author", read_author(element))
            elif name in ("category", "tag", "term"):
                record = ("term", read_term(element))
            elif name in SITE_FIELDS:
                setattr(site, SITE_FIELDS[name], text(element))
            # Free what was read: the element and every finished sibling before it.
            element.clear(keep_tail=False)
            parent = element.getparent()
            while element.getprevious() is not None:
                del parent[0]
            if record is not None:
                yield record
    except etree.XMLSyntaxError as exc:
        message = (exc.msg or str(exc)).splitlines()[0]
        raise WXRError(message, line=exc.lineno) from None
    if not seen_channel:
        raise WXRError("this is RSS without a <channel>: not a WordPress export")


def _check_root(element):
    doctype = element.getroottree().docinfo.doctype
    if doctype:
        raise WXRError(
            "the file declares a DOCTYPE, which WordPress exports never do; refused because "
            "DTDs can hide entity attacks", line=1,
        )
    if localname(element) != "rss":
        raise WXRError(
            f"the document starts with <{localname(element)}>, not <rss>: "
            "not a WordPress export", line=element.sourceline,
        )
