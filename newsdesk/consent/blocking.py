"""Prior blocking on the server: third-party scripts and embeds leave it inert.

`neutralise(html)` rewrites every script, iframe, image and resource hint that
loads from a known tracking or embedding domain (knowledge.py), and every inline
script that mentions one, into inert markup assigned to its category:

    <script src=X>  ->  <script type="text/plain" data-category=C data-src=X>
    <iframe src=X>  ->  a placeholder, then <iframe data-src=X data-category=C hidden>
    <img src=X>     ->  <img data-src=X data-category=C>

consent.js restores them when the reader grants C. `gate(html, category)` does
the same to everything in a third-party snippet, whatever its domain, and drops
its <noscript> parts (which would load trackers for readers without JavaScript).
"""

import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from newsdesk.consent import knowledge

# Script types a browser executes; anything else (text/plain, application/json,
# application/ld+json) is data and stays as it is.
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module",
                    "text/ecmascript", "application/ecmascript"}
HINT_RELS = {"preconnect", "dns-prefetch", "preload", "prefetch", "prerender", "modulepreload"}


def _attributes(attrs, drop=()):
    parts = []
    for name, value in attrs:
        if name in drop:
            continue
        parts.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
    return "".join(" " + part for part in parts)


class _Rewriter(HTMLParser):
    """Collects (start, end, replacement) edits for the tags a `decide` function blocks."""

    def __init__(self, html, decide, drop_noscript=False):
        super().__init__(convert_charrefs=False)
        self.html, self.decide, self.drop_noscript = html, decide, drop_noscript
        self.lines = [0] + [match.end() for match in re.finditer("\n", html)]
        self.edits, self.removed = [], []
        self.inline = None  # [start, end, attrs, text parts] of an open inline script
        self.noscript_start = None

    def _position(self):
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._position()
        end = start + len(self.get_starttag_text())
        values = dict(attrs)
        if tag == "script":
            if (values.get("type") or "").strip().lower() not in EXECUTABLE_TYPES:
                return
            if values.get("src"):
                self._block_script(start, end, attrs, self.decide(url=values["src"]))
            else:
                self.inline = [start, end, attrs, []]
        elif tag == "iframe" and values.get("src"):
            known = self.decide(url=values["src"])
            if known:
                self.edits.append((start, end, _placeholder(values["src"], known)
                                   + f"<iframe{_attributes(attrs, {'src'})}"
                                   f' data-src="{escape(values["src"])}"'
                                   f' data-category="{known.category}" hidden>'))
        elif tag == "img" and (values.get("src") or values.get("srcset")):
            known = self.decide(url=values.get("src") or values["srcset"].split()[0])
            if known:
                moved = "".join(f' data-{name}="{escape(values[name])}"'
                                for name in ("src", "srcset") if values.get(name))
                self.edits.append((start, end, f"<img{_attributes(attrs, {'src', 'srcset'})}"
                                   f'{moved} data-category="{known.category}">'))
        elif tag == "link" and values.get("href"):
            rels = set((values.get("rel") or "").lower().split())
            known = (rels & HINT_RELS or "stylesheet" in rels) and self.decide(url=values["href"])
            if known:
                self.edits.append((start, end, f"<link{_attributes(attrs, {'href'})}"
                                   f' data-href="{escape(values["href"])}"'
                                   f' data-category="{known.category}">'))
        elif tag == "noscript" and self.drop_noscript and self.noscript_start is None:
            self.noscript_start = start

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.inline is not None:
            self.inline[3].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.inline is not None:
            start, end, attrs, parts = self.inline
            self.inline = None
            self._block_script(start, end, attrs, self.decide(text="".join(parts)))
        elif tag == "noscript" and self.noscript_start is not None:
            close = self.html.find(">", self._position()) + 1
            self.removed.append((self.noscript_start, close))
            self.noscript_start = None

    def _block_script(self, start, end, attrs, known):
        if not known:
            return
        values = dict(attrs)
        extra = f' data-src="{escape(values["src"])}"' if values.get("src") else ""
        if values.get("type"):
            extra += f' data-type="{escape(values["type"])}"'
        self.edits.append((start, end, f'<script type="text/plain" data-category='
                           f'"{known.category}"{extra}{_attributes(attrs, {"type", "src"})}>'))

    def result(self):
        self.feed(self.html)
        self.close()
        if self.inline is not None:  # a script never closed must not slip through either
            self.inline[3] = [self.html[self.inline[1]:]]
            self.handle_endtag("script")
        edits = [edit for edit in sorted(self.edits)
                 if not any(low <= edit[0] < high for low, high in self.removed)]
        edits += [(low, high, "") for low, high in self.removed]
        output, position = [], 0
        for start, end, replacement in sorted(edits):
            output += [self.html[position:start], replacement]
            position = end
        output.append(self.html[position:])
        return "".join(output)


def _placeholder(src, known):
    from newsdesk.consent.texts import category_names

    name = category_names().get(known.category, known.category)
    host = urlsplit(src if not src.startswith("//") else "https:" + src).hostname or ""
    text = _("This content from %(provider)s stays blocked until you allow %(category)s "
             "cookies, because %(provider)s may set cookies and learn about your visit.") % {
        "provider": known.provider, "category": name}
    allow = _("Allow %(category)s cookies") % {"category": name}
    opens = _("Open it on %(host)s") % {"host": host}
    return (
        f'<span class="consent-placeholder" data-consent-placeholder="{known.category}">'
        f"<span>{escape(text)}</span> "
        f'<button type="button" class="consent-button" data-consent-allow="{known.category}">'
        f'{escape(allow)}</button> <a href="{escape(src)}" target="_blank" '
        f'rel="noopener noreferrer">{escape(opens)}</a></span>'
    )


def neutralise(html):
    """Make everything from known trackers in a page inert until its category is granted."""
    table = knowledge.domains()
    lowered = html.lower()
    # The common case, no known domain anywhere in the page, costs a few substring searches.
    if not any(domain in lowered for domain in table):
        return html
    pattern = knowledge.domains_regex(table)

    def decide(url=None, text=None):
        if url is not None:
            return knowledge.match_url(url, table)
        found = pattern.search(text)
        return knowledge.match_host(found.group(0), table) if found else None

    return _Rewriter(html, decide).result()


class _Assigned:
    def __init__(self, category, provider):
        self.category, self.provider = category, provider


def gate(html, category):
    """Assign every script, iframe and image of a snippet to a category; drop <noscript>."""
    table = knowledge.domains()

    def decide(url=None, text=None):
        known = knowledge.match_url(url, table) if url else None
        return _Assigned(category, known.provider if known else _("a third party"))

    return _Rewriter(html, decide, drop_noscript=True).result()

