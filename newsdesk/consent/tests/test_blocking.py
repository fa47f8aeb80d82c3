"""The server-side blocker: trackers leave the server inert, assigned to their category."""

import pytest
from django.test import override_settings

from newsdesk.consent.blocking import gate, neutralise

pytestmark = pytest.mark.django_db

GTAG = "https://www.googletagmanager.com/gtag/js?id=G-1"


def test_a_script_from_a_known_tracker_becomes_inert_and_categorised():
    html = f'<p>Hi</p><script async src="{GTAG}"></script><p>after</p>'

    result = neutralise(html)

    assert result == (
        '<p>Hi</p><script type="text/plain" data-category="analytics" '
        f'data-src="{GTAG.replace("&", "&amp;")}" async></script><p>after</p>'
    )


def test_pages_without_known_domains_are_returned_untouched():
    html = '<script src="/static/site.js"></script><script>var x = 1;</script><p>news</p>'
    assert neutralise(html) is html


def test_an_inline_loader_that_mentions_a_tracker_is_gated():
    html = ("<script>(function(){var s=document.createElement('script');"
            "s.src='https://connect.facebook.net/en_US/fbevents.js';})();</script>")

    result = neutralise(html)

    assert result.startswith('<script type="text/plain" data-category="advertisement">')
    assert "fbevents.js" in result


@pytest.mark.parametrize("tag", [
    '<script type="application/ld+json">{"url": "https://www.youtube.com/x"}</script>',
    '<script type="text/plain" data-category="functional" '
    'data-src="https://www.youtube.com/iframe_api"></script>',
    '<a href="https://www.facebook.com/ourpage">Follow us</a>',
    '<script src="https://cdn.example.org/lib.js"></script>',
])
def test_data_blocks_marked_scripts_links_and_unknown_hosts_are_left_alone(tag):
    html = f"<p>x</p>{tag}<p>https://www.google-analytics.com</p>"
    assert neutralise(html) == html


def test_an_embed_gets_a_placeholder_and_stays_hidden_until_granted():
    html = '<p><iframe src="https://www.youtube.com/embed/abc" title="Video"></iframe></p>'

    result = neutralise(html)

    assert '<iframe title="Video" data-src="https://www.youtube.com/embed/abc" ' \
           'data-category="functional" hidden>' in result
    assert ' src="https://www.youtube.com' not in result.replace("data-src", "")
    placeholder = result[result.index("<span class=\"consent-placeholder\""):]
    assert 'data-consent-placeholder="functional"' in placeholder
    assert 'data-consent-allow="functional"' in placeholder
    assert "YouTube" in placeholder and "Allow Functional cookies" in placeholder
    assert result.startswith("<p><span"), "the placeholder is phrasing content, valid in <p>"


def test_tracking_pixels_and_resource_hints_are_made_inert():
    html = ('<link rel="preconnect" href="https://www.google-analytics.com">'
            '<img src="https://www.facebook.com/tr?id=1&amp;ev=PageView" alt="" width="1">')

    result = neutralise(html)

    assert '<link rel="preconnect" data-href="https://www.google-analytics.com" ' \
           'data-category="analytics">' in result
    assert '<img alt="" width="1" data-src="https://www.facebook.com/tr?id=1&amp;ev=PageView" ' \
           'data-category="advertisement">' in result


def test_attribute_values_stay_escaped():
    html = '<script src="https://www.googletagmanager.com/gtm.js?id=&quot;&gt;x" data-x="a&lt;b">'
    html += "</script>"

    result = neutralise(html)

    assert 'data-src="https://www.googletagmanager.com/gtm.js?id=&quot;&gt;x"' in result
    assert 'data-x="a&lt;b"' in result


@override_settings(CONSENT_BLOCK_DOMAINS=["stats.example.net=performance"])
def test_the_site_can_add_its_own_domains_to_block():
    result = neutralise('<script src="https://stats.example.net/s.js"></script>')
    assert 'data-category="performance"' in result


def test_a_snippet_is_gated_whole_and_loses_its_noscript_fallback():
    snippet = ('<script>var _paq = window._paq = [];</script>\n'
               '<script src="/local/matomo.js" defer></script>\n'
               '<noscript><img src="https://stats.example.org/matomo.php?idsite=1"></noscript>'
               '<iframe src="https://maps.example.com/embed"></iframe>')

    result = gate(snippet, "analytics")

    assert result.count('<script type="text/plain" data-category="analytics"') == 2
    assert 'data-src="/local/matomo.js" defer>' in result
    assert "noscript" not in result and "matomo.php" not in result
    assert 'data-src="https://maps.example.com/embed" data-category="analytics" hidden>' in result
    assert "var _paq = window._paq = [];" in result


def test_an_unclosed_script_is_gated_too():
    assert gate("<script>track()", "analytics").startswith(
        '<script type="text/plain" data-category="analytics">')
    assert neutralise("<p>x</p><script>load('https://hm.baidu.com/hm.js')").startswith(
        '<p>x</p><script type="text/plain" data-category="analytics">')
