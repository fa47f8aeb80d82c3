"""Search results as a lazily paged sequence, the shape Django's Paginator expects."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from newsdesk.syndication.search.text import display_text

# Control characters the text in the index never contains (text.strip_control),
# so they can mark highlights safely through escaping.
MARK_START, MARK_END = "\x02", "\x03"
ELLIPSIS = "…"


def highlighted(text):
    """Index text with highlight markers as safe HTML: escaped, matches in <mark>."""
    escaped = escape(display_text(text)).replace(MARK_END + MARK_START, "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def has_match(text):
    return MARK_START in (text or "")


@dataclass
class Hit:
    article: object
    title_html: str
    snippet_html: str


class Results:
    """Matches of a query, counted and fetched a page at a time by a backend."""

    def __init__(self, count, fetch):
        self._count = count
        self._fetch = fetch
        self._total = None

    def count(self):
        if self._total is None:
            self._total = self._count()
        return self._total

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        if stop <= start:
            return []
        return self._fetch(start, stop - start)


EMPTY = Results(lambda: 0, lambda offset, limit: [])
