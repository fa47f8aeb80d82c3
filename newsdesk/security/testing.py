"""Helpers for hostile-input tests, for every app's test suite.

    from hypothesis import given
    from newsdesk.security.testing import hostile_text, assert_no_server_error, assert_safe_html

    @given(body=hostile_text())
    def test_comment_form_survives_anything(body):
        response = post_form("/en/2026/11/story/comments/", {"body": body, "name": "x"})
        assert_no_server_error(response)
        assert_safe_html(response.content.decode())

`hostile_json()` builds JSON documents of any shape for beacon-style
endpoints (post them with `content_type="application/json"` and expect a 2xx
or a 4xx with a reason); `XML_ATTACKS` are entity bombs and external entities
for importers. `hostile_text()` mixes random Unicode with the strings that break web apps
(script tags, event handlers, javascript: links, NUL bytes, enormous numbers,
SQL and template syntax). `client()` gives a fresh Django test client for use
inside @given, where pytest's function-scoped `client` fixture may not be
used. Run with the `django_db` mark; rows made by one example stay for the next
within a test, so tests must not assume an empty table.
"""

import re
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


def url_path_segments():
    """Path segments as a visitor or scanner might type them, already safe to put in a URL."""
    return st.one_of(
        st.sampled_from([
            "admin", "en", "zh-hans", "media", "static", "accounts", "..", ".", "%00", "%2e%2e",
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


def assert_safe_html(html, allowed=()):
    """No script, handler, script URL, embedding, form or inline style anywhere in `html`.

    For a fragment of user content (rendered Markdown, a comment); `allowed`
    names elements (or "style") a caller legitimately produces. For whole
    pages, inspect the part that carries the input.
    """
    inspector = _Inspector(allowed)
    inspector.feed(html)
    inspector.close()
    assert not inspector.problems, f"{inspector.problems[0]} survived in: {html[:800]}"
