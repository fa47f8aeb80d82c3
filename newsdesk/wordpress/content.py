"""A WordPress post's content turned into the HTML an Article body holds.

The steps follow WordPress's own display filters, in their order: block
comments removed (do_blocks), URLs alone on a line made links (autoembed),
paragraphs (wpautop, classic posts only), shortcodes (do_shortcode). Then
iframes and media tags become links, the HTML is sanitised exactly as
publishing sanitises every body, and blank lines are folded so that Markdown
passes the HTML through untouched.
"""

import re
from html import escape, unescape

from newsdesk.publishing.markdown import sanitize_html
from newsdesk.wordpress import shortcodes
from newsdesk.wordpress.autop import shortcode_unautop, wpautop

BLOCK_COMMENT = re.compile(r"<!--\s+(/?)wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(.*?)(/?)-->",
                           re.DOTALL)
BARE_URL_LINE = re.compile(r"^([ \t]*)(https?://[^\s<>\"']+)[ \t]*$", re.MULTILINE)
MEDIA_TAG = re.compile(r"<(iframe|video|audio|embed)\b([^>]*)>(.*?)</\1>|<(embed)\b([^>]*)/?>",
                       re.DOTALL | re.IGNORECASE)
SRC = re.compile(r"""\bsrc\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL | re.IGNORECASE)
EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def remove_blocks(text, dropped):
    """Drop block comments; count dynamic blocks (self-closing, no saved markup)."""

    def replace(match):
        if match.group(4) == "/":
            dropped[f"wp:{match.group(2)}"] += 1
        return ""

    return BLOCK_COMMENT.sub(replace, text)


def link_bare_urls(text):
    def replace(match):
        url = escape(match.group(2), quote=True)
        return f'{match.group(1)}<a href="{url}">{url}</a>'

    return BARE_URL_LINE.sub(replace, text)


def media_to_links(text, counter):
    """<iframe>, <video>, <audio>, <embed>: the sanitiser would drop them silently."""

    def replace(match):
        attributes = match.group(2) or match.group(5) or ""
        found = SRC.search(attributes) or SRC.search(match.group(3) or "")
        counter[(match.group(1) or match.group(4)).lower()] += 1
        if not found:
            return ""
        url = escape(found.group(1), quote=True)
        return f'<a href="{url}">{url}</a>'

    return MEDIA_TAG.sub(replace, text)


def fold_blank_lines(html):
    """Make Markdown pass the HTML through untouched.

    Markdown ends an HTML block at a blank line and reads what follows as text
    (indented lines as code), so blank lines are folded away, except inside
    <pre>, which is set apart by blank lines so Markdown reads it as one block
    up to its </pre>.
    """
    parts = PRE.split(html)
    folded = [part if index % 2 else BLANK_LINES.sub("\n", part).strip()
              for index, part in enumerate(parts)]
    return "\n\n".join(part for part in folded if part)


def convert(content, context, notes):
    """Return the sanitised HTML body for WordPress `content`.

    `context` is a shortcodes.Context; `notes` (a ConversionNotes) collects what
    the report mentions: dropped blocks, unknown shortcodes, embeds made links.
    """
    text = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    has_blocks = "<!-- wp:" in text
    text = remove_blocks(text, notes.dropped_blocks)
    text = re.sub(r"<!--(more|nextpage|noteaser).*?-->", "", text)
    text = link_bare_urls(text)
    if not has_blocks:
        text = wpautop(text)
        text = shortcode_unautop(text, shortcodes.is_known_shortcode)
    text = shortcodes.expand(text, context)
    text = media_to_links(text, notes.embeds)
    html = EMPTY_PARAGRAPH.sub("", sanitize_html(text))
    return fold_blank_lines(html)


def plain_text(html):
    """An excerpt as plain text for the summary: tags dropped, whitespace folded."""
    text = re.sub(r"<[^>]+>", " ", html or "")
    return unescape(re.sub(r"\s+", " ", text).strip())
