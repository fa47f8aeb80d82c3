"""Remote HTML as plain text: what a reply or a post says, without its markup."""

import html
import re

import nh3

_BREAKS = re.compile(r"<\s*(br|/p|/div|/li)\s*/?\s*>", re.IGNORECASE)


def plain(markup, limit=10_000):
    if not isinstance(markup, str):
        return ""
    with_breaks = _BREAKS.sub("\n", markup[: limit * 4])
    text = html.unescape(nh3.clean(with_breaks, tags=set(), attributes={}))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()[:limit]


def first_text(obj):
    """The content of an object: `content`, else the first value of `contentMap`."""
    content = obj.get("content")
    if not content and isinstance(obj.get("contentMap"), dict):
        content = next(iter(obj["contentMap"].values()), "")
    return plain(content)
