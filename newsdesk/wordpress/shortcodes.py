"""WordPress shortcodes turned into plain markup.

[caption] becomes a <figure> with a <figcaption>; [gallery] a figure holding a
list of images; media and embed shortcodes ([embed], [video], [audio],
[playlist], [youtube], [vimeo], [tweet] ...) become links, since readers'
pages load nothing from other sites. Unknown shortcodes are kept as they are,
visible to the editor, and counted for the import report.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape

# WordPress's get_shortcode_regex(), for any tag name (possessive quantifiers: Python 3.11).
SHORTCODE = re.compile(
    r"\[(\[?)([a-zA-Z][\w-]*)(?![\w-])"
    r"([^\]/]*(?:/(?!\])[^\]/]*)*?)"
    r"(?:(/)\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)"
    r"(\]?)"
)
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
URL = re.compile(r"https?://[^\s\"'<>\[\]]+")
CAPTIONED_IMAGE = re.compile(
    r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv")
AUDIO_SOURCES = ("src", "mp3", "ogg", "oga", "m4a", "wav", "wma", "flac")
EMBED_NAMES = {"youtube", "vimeo", "dailymotion", "soundcloud", "spotify", "tweet", "twitter",
               "instagram", "googlemaps", "slideshare", "ted", "flickr", "facebook", "archiveorg",
               "bandcamp", "scribd", "wpvideo", "videopress", "kickstarter", "mixcloud"}


@dataclass
class Context:
    """What shortcodes need from the rest of the import, and what they report."""

    post_id: int = 0
    attachment_url: callable = lambda wp_id: ""  # attachment id -> image URL ("" if unknown)
    attachments_of: callable = lambda post_id: []  # post id -> ids of its attached images
    attachment_caption: callable = lambda wp_id: ""
    unknown: Counter = field(default_factory=Counter)


def parse_attributes(text):
    """shortcode_parse_atts(): named values by name, positional ones by their index."""
    values, position = {}, 0
    text = text.strip()
    if text.startswith("="):  # Jetpack's [youtube=https://...]
        return {"0": text[1:].strip()}
    for match in ATTRIBUTE.finditer(text):
        groups = match.groups()
        for name_index in (0, 2, 4):
            if groups[name_index]:
                values[groups[name_index].lower()] = groups[name_index + 1]
                break
        else:
            values[str(position)] = next(g for g in groups[6:] if g is not None)
            position += 1
    return values


def looks_like_shortcode(match):
    """Worth reporting: "[sic]" or "[1]" in prose are not shortcodes, "[vc_row]" is."""
    name, attributes, closing, content = match.group(2, 3, 4, 5)
    return bool(content is not None or closing or "=" in attributes or "_" in name or "-" in name)


def is_known_shortcode(text):
    """True when `text` is exactly one shortcode this module converts."""
    match = SHORTCODE.fullmatch(text.strip())
    return bool(match and match.group(2).lower() in HANDLERS)


def link(url):
    url = escape(url, quote=True)
    return f'<p><a href="{url}">{url}</a></p>'


def first_url(attributes, content=""):
    for value in [*attributes.values(), content or ""]:
        found = URL.search(value)
        if found:
            return found.group(0)
    return ""


def caption(attributes, content, context):
    content = expand(content or "", context)
    found = CAPTIONED_IMAGE.match(content)
    if not found:
        return content
    image, text = found.group(1), attributes.get("caption") or found.group(2)
    text = re.sub(r"<br\s*/?>", " ", text).strip()
    figcaption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{image}{figcaption}</figure>"


def gallery(attributes, content, context):
    ids = attributes.get("ids") or attributes.get("include") or ""
    wp_ids = [int(part) for part in re.findall(r"\d+", ids)]
    if not wp_ids:  # no ids: the images attached to the post (or to the post named by id=)
        post_id = attributes.get("id", "")
        wp_ids = context.attachments_of(int(post_id) if post_id.isdecimal() else context.post_id)
    items = []
    for wp_id in wp_ids:
        url = context.attachment_url(wp_id)
        if not url:
            continue
        alt = escape(context.attachment_caption(wp_id), quote=True)
        items.append(f'<li><img src="{escape(url, quote=True)}" alt="{alt}"></li>')
    return f"<figure><ul>{''.join(items)}</ul></figure>" if items else ""


def media(names):
    def handler(attributes, content, context):
        url = next((attributes[key] for key in names if attributes.get(key)), "")
        url = url or first_url(attributes, content)
        return link(url) if url else ""
    return handler


def playlist(attributes, content, context):
    wp_ids = [int(part) for part in re.findall(r"\d+", attributes.get("ids", ""))]
    urls = [url for url in map(context.attachment_url, wp_ids) if url]
    items = "".join(f'<li><a href="{escape(u, quote=True)}">{escape(u)}</a></li>' for u in urls)
    return f"<ul>{items}</ul>" if items else ""


def embed(attributes, content, context):
    url = first_url(attributes, content)
    return link(url) if url else ""


def vimeo(attributes, content, context):
    url = first_url(attributes, content)
    if not url and attributes.get("0", "").isdigit():
        url = f"https://vimeo.com/{attributes['0']}"
    return link(url) if url else ""


HANDLERS = {
    "caption": caption, "wp_caption": caption, "gallery": gallery, "playlist": playlist,
    "embed": embed, "video": media(VIDEO_SOURCES), "audio": media(AUDIO_SOURCES), "vimeo": vimeo,
    **{name: embed for name in EMBED_NAMES - {"vimeo"}},
}


def expand(text, context):
    """Replace known shortcodes in `text`; keep and count unknown ones."""

    def replace(match):
        opening, name, raw_attributes, _closing, content, ending = match.groups()
        if opening == "[" and ending == "]":  # [[caption]] is WordPress's escape for "[caption]"
            return match.group(0)[1:-1]
        handler = HANDLERS.get(name.lower())
        if handler is None:
            if looks_like_shortcode(match):
                context.unknown[name] += 1
            if content is None:
                return match.group(0)
            # Keep the unknown wrapper visible, but convert what it wraps.
            close = f"[/{name}]"
            head = match.group(0)[: len(match.group(0)) - len(content) - len(close) - len(ending)]
            return f"{head}{expand(content, context)}{close}{ending}"
        return opening + handler(parse_attributes(raw_attributes), content, context) + ending

    return SHORTCODE.sub(replace, text)
