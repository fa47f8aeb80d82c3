import pytest

from newsdesk.comments.text import clean_name, find_links, initials, normalized, render_text


def test_text_becomes_paragraphs_and_line_breaks():
    html = render_text("First line\nsecond line\n\n\nNew paragraph")
    assert html == "<p>First line<br>second line</p>\n<p>New paragraph</p>"


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<b>bold</b> & <i>",
    '"><svg onload=alert(1)>',
])
def test_markup_is_escaped_never_interpreted(text):
    html = render_text(text)
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<b>" not in html
    assert "&lt;" in html


def test_web_addresses_are_linked_with_nofollow_ugc_and_trailing_punctuation_kept_outside():
    html = render_text("See https://example.org/a?b=1&c=2. Or www.example.com, (https://x.org/y)")
    assert ('<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener" '
            'class="comment-link">https://example.org/a?b=1&amp;c=2</a>.') in html
    assert '<a href="https://www.example.com" rel="nofollow ugc noopener"' in html
    assert '>https://x.org/y</a>)' in html


def test_wikipedia_style_brackets_stay_in_the_link():
    assert find_links("https://en.wikipedia.org/wiki/Ferry_(boat)") == [
        "https://en.wikipedia.org/wiki/Ferry_(boat)"
    ]


@pytest.mark.parametrize("text", [
    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "JaVaScRiPt:alert(1)",
    "vbscript:msgbox(1)",
])
def test_script_and_data_urls_are_never_linked(text):
    assert "<a" not in render_text(text)


def test_a_link_cannot_break_out_of_its_attribute():
    html = render_text('https://example.org/"onmouseover="alert(1)')
    assert 'onmouseover="' not in html


def test_links_are_counted_as_written():
    assert len(find_links("a http://a.example b https://b.example c www.c.example")) == 3
    assert find_links("no links here, example dot org") == []


def test_names_lose_bidi_overrides_and_control_characters():
    assert clean_name("  Ann\u202e  Reader\x07 ") == "Ann Reader"


@pytest.mark.parametrize("name, expected", [
    ("Mara Lindqvist", "ML"), ("ann", "A"), ("陈雨桐", "陈"), ("  ", "?"), ("💥 Boom", "B"),
    ("jean-luc picard", "JP"),
])
def test_avatars_show_initials(name, expected):
    assert initials(name) == expected


def test_duplicates_are_compared_without_case_or_spacing():
    assert normalized("Hello   World\n") == normalized("hello world")
