"""Helpers for hostile-input tests, for every app's test suite.

    from hypothesis import given
    from newsdesk.core.testing import (
        assert_no_new_unsafe_html, assert_no_server_error, client, hostile_text, http_settings)

    @http_settings
    @given(q=hostile_text())
    def test_search_survives_anything(q):
        browser = client()
        response = browser.get("/en/search/", {"q": q})
        assert_no_server_error(response)
        assert_no_new_unsafe_html(response.content.decode(),
                                  browser.get("/en/search/").content.decode())

`hostile_text()` mixes random Unicode with the strings that break web apps
(script tags, event handlers, javascript: links, NUL bytes, enormous numbers,
SQL and template syntax). `hostile_json()` builds JSON documents of any shape
for JSON endpoints (post them with `content_type="application/json"` and
expect a 2xx or a 4xx with a reason); `hostile_json_bodies()` adds bodies that
are not quite JSON (deep nesting, lone surrogates, bad UTF-8); `hostile_ids()`
are the values sent where an id belongs; `header_values()` what a real HTTP
server lets through in a header; `XML_ATTACKS` are entity bombs and external
entities for importers.

`assert_safe_html(fragment)` checks rendered user content;
`assert_no_new_unsafe_html(page, baseline)` checks a whole page against the
same page without the input (its own scripts and forms are the template's).
`client()` gives a fresh Django test client for use inside @given, where
pytest's function-scoped `client` fixture may not be used. Run with the
`django_db` mark; rows made by one example stay for the next within a test,
so tests must not assume an empty table.
"""

import json
import re
from collections import Counter
from html.parser import HTMLParser

from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](  javascript:alert(1)  )",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="x.swf"></object>',
    '<div style="background:url(javascript:alert(1))">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<style>body{display:none}</style>",
    '"><script>alert(1)</script>',
    "'; DROP TABLE publishing_article; --",
    "{{ settings.SECRET_KEY }}{% debug %}",
    "\x00\x01\x02\x1b[31m",
    "\u202e\u200b\ufeff\ud7ff",
    "%00%2e%2e%2f..%2f..%2fetc%2fpasswd",
    "9" * 400,
    "-1", "0", "1e309", "NaN",
    "A" * 10000,
    "<!--", "]]>", "<![CDATA[", "&#0;&#x0;",
    '<form action="https://evil.example"><input name=x></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<details open ontoggle=alert(1)>",
    "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='>x</a>",
]

# For importers of XML (WordPress WXR): entity expansion and external entities
# must be refused or ignored, never expanded or fetched.
XML_ATTACKS = [
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
    '"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 '
    '"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss>&lol3;</rss>',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<rss>&xxe;</rss>",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "http://127.0.0.1:1/">]>'
    "<rss>&xxe;</rss>",
    "<rss><channel><item><title>unclosed",
    "\x00\xff\xfe<rss/>",
]

# Hypothesis settings for tests that make HTTP requests through Django: fewer
# examples than the default (each is a request), no deadline (the machine is shared).
http_settings = settings(
    max_examples=60, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def hostile_text(max_size=2000):
    """Random text, known attacks, and attacks glued into random text."""
    attack = st.sampled_from(ATTACKS)
    noise = st.text(max_size=max_size // 4)
    return st.one_of(
        attack,
        noise,
        st.lists(st.one_of(attack, noise), max_size=6).map("".join),
    ).map(lambda text: text[:max_size])


def hostile_json(max_leaves=20):
    """JSON documents of any shape, with hostile strings and extreme numbers, for JSON APIs."""
    scalars = st.one_of(
        st.none(), st.booleans(), hostile_text(max_size=200),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=5),
            st.dictionaries(st.one_of(hostile_text(max_size=30), st.sampled_from(
                ["id", "article", "categories", "slug", "path", "like", "revision", "language"]
            )), children, max_size=5),
        ),
        max_leaves=max_leaves,
    )


# Bodies that json.loads() treats badly or that break what comes after it:
# nesting past the recursion limit, lone surrogates (UTF-8 and the databases
# refuse them), NUL escapes (PostgreSQL refuses them), numbers too large for
# any column, a byte-order mark, invalid UTF-8.
RAW_JSON_ATTACKS = [
    b"[" * 1500, b'{"a":' * 340 + b"1" + b"}" * 340, b"[" * 900 + b"]" * 900,
    b'"\\ud800"', b'{"page": "/\\udfff"}', b'{"x": "\\u0000"}', b'{"a": 1e999999}',
    b'{"a": ' + b"9" * 5000 + b"}", b"\xef\xbb\xbf{}", b"\xff\xfe{\x00}\x00", b"\xc3\x28",
    b"", b"null", b"NaN", b"-Infinity", b'{"__proto__": {"admin": true}}', b"{}" * 100,
]


def hostile_json_bodies(max_leaves=20):
    """Request bodies for JSON endpoints: documents, near-JSON and raw bytes."""
    return st.one_of(
        hostile_json(max_leaves).map(lambda document: json.dumps(document).encode()),
        st.sampled_from(RAW_JSON_ATTACKS),
        st.binary(max_size=300),
    )


def hostile_ids():
    """What arrives where an id belongs: numbers of any size and sign, and not numbers."""
    return st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70),
        st.sampled_from([0, -1, 2**31, 2**53, 2**63, 2**64, True, False, None, 1.5, 1e308]),
        st.floats(), st.text(max_size=20), st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    )


# What an HTTP server lets through in a header value: tab, printable ASCII and
# the bytes 0x80-0xFF (which WSGI hands on as Latin-1 characters). NUL and other
# control characters never reach the application.
HEADER_CHARACTERS = "\t" + "".join(map(chr, [*range(0x20, 0x7F), *range(0x80, 0x100)]))


def header_values(max_size=300):
    """Header values (User-Agent, X-Forwarded-For...) as a client may send them."""
    attack = st.sampled_from([text for text in ATTACKS if set(text) <= set(HEADER_CHARACTERS)])
    return st.one_of(attack, st.text(alphabet=HEADER_CHARACTERS, max_size=max_size))


def url_path_segments():
    """Path segments as a visitor or scanner might type them, already safe to put in a URL."""
    return st.one_of(
        st.sampled_from([
            "admin", "en", "zh-hans", "media", "static", "accounts", "..", ".", "%00", "%2500",
            "%2e%2e",
            "9999", "00", "13", "2026", "category", "tag", "author", "preview", "-1", "%ff",
            "wp-login.php", ".env", ".git", "index.php", "feed", "%E4%B8%AD", "a" * 300,
        ]),
        st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#"),
                min_size=1, max_size=40).map(_quote),
    )


def _quote(text):
    from urllib.parse import quote

    return quote(text, safe="")


def client(**defaults):
    return Client(raise_request_exception=False, **defaults)


def assert_no_server_error(response):
    """A 5xx is a bug: bad input must get a 4xx or a form with messages."""
    assert response.status_code < 500, (
        f"{response.status_code} for {response.request.get('PATH_INFO')}: "
        f"{response.content[:500]!r}"
    )


FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "object", "embed", "base", "meta", "form", "style", "link",
    "svg", "math", "applet", "input", "button", "textarea", "select",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "cite",
                  "background", "srcset"}


class _Inspector(HTMLParser):
    def __init__(self, allowed):
        super().__init__(convert_charrefs=True)
        self.allowed = set(allowed)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS - self.allowed:
            self.problems.append(f"a <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"an event handler {name}= on <{tag}>")
            elif name == "style" and "style" not in self.allowed:
                self.problems.append(f"an inline style on <{tag}>")
            elif name in URL_ATTRIBUTES and value:
                # Browsers ignore whitespace and control characters inside the scheme.
                scheme = re.sub(r"[\x00-\x20]", "", value).split(":", 1)[0].lower()
                if ":" in value and scheme in {"javascript", "vbscript", "data"}:
                    self.problems.append(f"a {scheme}: URL in {name}= on <{tag}>")

    handle_startendtag = handle_starttag


def unsafe_parts(html, allowed=()):
    """What assert_safe_html() objects to in `html`, as a list of descriptions."""
    inspector = _Inspector(allowed)
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def assert_safe_html(html, allowed=()):
    """No script, handler, script URL, embedding, form or inline style anywhere in `html`.

    For a fragment of user content (rendered Markdown, a comment); `allowed`
    names elements (or "style") a caller legitimately produces. For whole
    pages, use assert_no_new_unsafe_html().
    """
    problems = unsafe_parts(html, allowed)
    assert not problems, f"{problems[0]} survived in: {html[:800]}"


def assert_no_new_unsafe_html(html, baseline):
    """The page has no script, handler, script URL, form... that `baseline` lacks.

    `baseline` is the same page rendered with harmless input (or without the
    input): its own scripts, forms and meta tags are the template's, and any
    one more is input that escaped its escaping.
    """
    extra = Counter(unsafe_parts(html)) - Counter(unsafe_parts(baseline))
    assert not extra, f"{sorted(extra)[0]} appeared with the input: {html[:800]}"
