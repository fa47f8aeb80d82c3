"""WordPress's wpautop() and shortcode_unautop(), ported from wp-includes/formatting.php.

Classic-editor posts are stored without <p> tags: WordPress adds them at display
time from blank lines, and turns single line breaks into <br />. Block-editor
posts already carry their markup and are not passed through here.
"""

import re

ALL_BLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article"
    r"|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
NEWLINE_MARK = " <!-- wpnl --> "


def _protect_pre(text):
    """Swap <pre> elements for placeholders so their line breaks stay as they are."""
    saved = {}
    if "<pre" not in text:
        return text, saved
    parts = text.split("</pre>")
    last = parts.pop()
    rebuilt = []
    for index, part in enumerate(parts):
        start = part.find("<pre")
        if start == -1:
            rebuilt.append(part)
            continue
        name = f"<pre wp-pre-tag-{index}></pre>"
        saved[name] = part[start:] + "</pre>"
        rebuilt.append(part[:start] + name)
    return "".join(rebuilt) + last, saved


def _keep_newlines(match):
    return match.group(0).replace("\n", "<WPPreserveNewline />")


def wpautop(text, br=True):
    """Wrap paragraphs separated by blank lines in <p> and single breaks in <br />."""
    if not text.strip():
        return ""
    text, pre_tags = _protect_pre(text + "\n")
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(r"(<" + ALL_BLOCKS + r"[\s/>])", r"\n\n\1", text)
    text = re.sub(r"(</" + ALL_BLOCKS + r">)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Line breaks inside a tag's attributes are not paragraph breaks.
    text = re.sub(r"<[^<>]*>", lambda m: m.group(0).replace("\n", NEWLINE_MARK), text)
    text = re.sub(r"\s*<option", "<option", text)
    text = re.sub(r"</option>\s*", "</option>", text)
    text = re.sub(r"\n\n+", "\n\n", text)
    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part]
    text = "".join(f"<p>{part.strip(chr(10))}</p>\n" for part in paragraphs)
    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + ALL_BLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.IGNORECASE)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = re.sub(r"<p>\s*(</?" + ALL_BLOCKS + r"[^>]*>)", r"\1", text)
    text = re.sub(r"(</?" + ALL_BLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    if br:
        text = re.sub(r"<(script|style|svg|math).*?</\1>", _keep_newlines, text, flags=re.DOTALL)
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(r"(</?" + ALL_BLOCKS + r"[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    return text.replace(NEWLINE_MARK, "\n").replace("<!-- wpnl -->", "\n")


def shortcode_unautop(text, is_shortcode):
    """Unwrap a paragraph that holds nothing but one shortcode (a [caption] on its own)."""

    def unwrap(match):
        inner = match.group(1)
        return inner if is_shortcode(inner) else match.group(0)

    return re.sub(r"<p>\s*(\[.*?\])\s*</p>", unwrap, text, flags=re.DOTALL)
