"""Comment text is plain text: paragraphs and auto-linked web addresses, all else escaped."""

import hashlib
import re
import unicodedata

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Web addresses written out in full or starting with www.; a link ends at
# whitespace or at characters that cannot end a URL in running text.
URL_PATTERN = re.compile(r"(?i)\b((?:https?://|www\.)[^\s<>\"'`]+)")
TRAILING_PUNCTUATION = ".,;:!?'\")]}。，；：！？、）》」』"
# Bidi embeddings, overrides and isolates: they can reverse how surrounding text
# reads ("Trojan Source"); names are isolated with <bdi>, but these go.
BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)
AVATAR_COLOURS = 8


def _split_trailing(url):
    trailing = ""
    while url and url[-1] in TRAILING_PUNCTUATION:
        # Keep a closing bracket that closes one opened inside the address (Wikipedia links).
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        trailing = url[-1] + trailing
        url = url[:-1]
    return url, trailing


def find_links(text):
    """The web addresses in a text, as written."""
    return [_split_trailing(match)[0] for match in URL_PATTERN.findall(text or "")]


def _linkify(line):
    pieces, position = [], 0
    for match in URL_PATTERN.finditer(line):
        url, trailing = _split_trailing(match.group(1))
        if not url:
            continue
        pieces.append(escape(line[position:match.start()]))
        href = url if "://" in url else f"https://{url}"
        pieces.append(format_html(
            '<a href="{}" rel="nofollow ugc noopener" class="comment-link">{}</a>', href, url,
        ))
        position = match.start() + len(url)
        pieces.append(escape(line[position:position + len(trailing)]))
        position += len(trailing)
    pieces.append(escape(line[position:]))
    return "".join(pieces)


def render_text(text):
    """Paragraphs on blank lines, line breaks within them, web addresses linked."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [block.strip("\n") for block in re.split(r"\n\s*\n", text)]
    html = []
    for paragraph in paragraphs:
        if not paragraph.strip():
            continue
        lines = [_linkify(line) for line in paragraph.split("\n")]
        html.append("<p>" + "<br>".join(lines) + "</p>")
    return mark_safe("\n".join(html))


def clean_name(name):
    """A name as shown: control and bidi characters removed, spaces collapsed."""
    name = (name or "").translate(BIDI_CONTROLS)
    name = "".join(char for char in name if unicodedata.category(char) != "Cc")
    return " ".join(name.split())


def initials(name):
    """One or two letters for a locally drawn avatar: 'Mara Lindqvist' -> 'ML', '陈雨桐' -> '陈'."""
    letters = [
        word for word in clean_name(name).split()
        if unicodedata.category(word[0])[0] in "LN"
    ]
    if not letters:
        return "?"
    first = letters[0][0]
    if unicodedata.east_asian_width(first) in "WF":
        return first
    chosen = first + (letters[-1][0] if len(letters) > 1 else "")
    return chosen.upper()


def avatar_colour(name):
    """A stable colour class number for a name (not the email: its hash must never leave)."""
    digest = hashlib.blake2s(clean_name(name).casefold().encode(), digest_size=2).digest()
    return int.from_bytes(digest, "big") % AVATAR_COLOURS


def normalized(text):
    """Text compared for duplicates: case and spacing ignored."""
    return " ".join((text or "").casefold().split())
