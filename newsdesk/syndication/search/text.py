"""Text as the search index stores it, and back as readers see it.

SQLite's unicode61 tokenizer splits words at spaces and punctuation, which
Chinese and Japanese do not use: a whole sentence would become one token. So
the index stores every Han or kana character as a token of its own, separated
by a zero-width space, and queries match Chinese words as phrases of characters
(search/query.py). A word is then found wherever it occurs, whatever a
segmenter would have made of the sentence around it ("秋茶" inside "秋茶节"),
and BM25 still ranks by how often and how rarely the whole phrase occurs.
"""

import html
import re

SEPARATOR = "\u200b"  # zero-width space: a separator to unicode61, invisible to readers
CJK = (
    "\u2e80-\u2fdf"  # radicals
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f"  # bopomofo
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0003134f"  # extensions B to G
)
CJK_CHAR = re.compile(f"[{CJK}]")
CJK_RUN = re.compile(f"[{CJK}]+")
# XML 1.0 forbids these; feeds and the index drop them (tab, newline, CR stay).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\u200b]")
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def strip_control(text):
    """The text without control characters (which XML and the index cannot carry)."""
    return CONTROL.sub("", text or "")


def plain_text(markup):
    """The words of an HTML fragment, tags removed and entities decoded."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", markup or ""))).strip()


def index_text(text):
    """Text as stored in the index: one token per CJK character."""
    text = SPACE.sub(" ", strip_control(text)).strip()
    spaced = CJK_CHAR.sub(lambda match: f"{SEPARATOR}{match.group()}{SEPARATOR}", text)
    return spaced.replace(SEPARATOR * 2, SEPARATOR).strip(SEPARATOR)


def display_text(text):
    """Index text back as written."""
    return (text or "").replace(SEPARATOR, "")


def is_cjk(text):
    return bool(CJK_CHAR.search(text or ""))
