"""The knowledge base and cookie lifetimes."""

import pytest
from django.utils import translation

from newsdesk.consent import knowledge
from newsdesk.consent.lifetimes import format_for_input, format_lifetime, parse_lifetime
from newsdesk.consent.models import CATEGORY_KEYS, name_matches


def test_every_entry_has_a_valid_category_and_both_languages():
    assert len(knowledge.cookies()) >= 50 and len(knowledge.domains()) >= 50
    for known in knowledge.cookies():
        assert known.category in CATEGORY_KEYS, known.name
        assert known.en and known.zh and known.provider, known.name
        assert known.storage in ("cookie", "local", "session")
    for known in knowledge.domains().values():
        assert known.category in CATEGORY_KEYS[1:], known.domain


@pytest.mark.parametrize("name, domain, provider, category", [
    ("_ga", "", "Google Analytics", "analytics"),
    ("_ga_ABC123", ".example.org", "Google Analytics", "analytics"),
    ("_gid", "", "Google Analytics", "analytics"),
    ("_pk_id.1.a1b2", "", "Matomo", "analytics"),
    ("_fbp", ".example.org", "Meta Pixel", "advertisement"),
    ("Hm_lvt_0123456789abcdef", "", "Baidu Tongji", "analytics"),
    ("CNZZDATA1234", "", "CNZZ (Umeng)", "analytics"),
    ("YSC", ".youtube.com", "YouTube", "functional"),
    ("_clck", "", "Microsoft Clarity", "analytics"),
    ("_hjSessionUser_42", "", "Hotjar", "analytics"),
    ("_ttp", "", "TikTok Pixel", "advertisement"),
    ("IDE", ".doubleclick.net", "Google DoubleClick", "advertisement"),
])
def test_common_cookies_are_recognised(name, domain, provider, category):
    known = knowledge.match_cookie(name, domain)
    assert (known.provider, known.category) == (provider, category)


def test_a_cookie_known_only_on_a_third_party_domain_is_not_claimed_elsewhere():
    assert knowledge.match_cookie("IDE", ".doubleclick.net") is not None
    assert knowledge.match_cookie("IDE", "news.example.org") is None
    assert knowledge.match_cookie("sessionid", "", storage="local") is None


@pytest.mark.parametrize("url, provider", [
    ("https://www.google-analytics.com/analytics.js", "Google Analytics"),
    ("//www.googletagmanager.com/gtm.js?id=GTM-1", "Google Tag Manager"),
    ("https://player.vimeo.com/video/1", "Vimeo"),
    ("https://www.youtube-nocookie.com/embed/x", "YouTube"),
    ("https://hm.baidu.com/hm.js?abc", "Baidu Tongji"),
    ("https://s4.cnzz.com/z_stat.php?id=1", "CNZZ (Umeng)"),
    ("https://www.clarity.ms/tag/abc", "Microsoft Clarity"),
    ("https://snap.licdn.com/li.lms-analytics/insight.min.js", "LinkedIn Insight Tag"),
])
def test_tracking_and_embedding_domains_are_recognised(url, provider):
    assert knowledge.match_url(url).provider == provider


@pytest.mark.parametrize("url", [
    "/static/x.js", "https://example.org/", "https://notyoutube.com/x", "javascript:alert(1)",
    "https://[bad",
])
def test_other_addresses_are_unknown(url):
    assert knowledge.match_url(url) is None


def test_declared_names_match_exactly_or_by_star_pattern_only():
    assert name_matches("_ga", "_ga") and not name_matches("_ga", "_gat")
    assert name_matches("_pk_id.*", "_pk_id.1.abc")
    assert not name_matches("_pk_id.*", "_pk_idX1")  # the dot is a dot, not "any character"
    assert name_matches("*", "anything")


@pytest.mark.parametrize("text, seconds", [
    ("session", None), ("", None), ("30 minutes", 1800), ("1 day", 86400),
    ("13 months", 13 * 30 * 86400), ("2 years", 2 * 365 * 86400), ("6个月", 6 * 30 * 86400),
    ("1 年", 365 * 86400), ("会话", None),
])
def test_lifetimes_are_read_in_english_or_chinese(text, seconds):
    assert parse_lifetime(text) == seconds
    if seconds:
        assert parse_lifetime(format_for_input(seconds)) == seconds


@pytest.mark.parametrize("text", ["forever", "2", "two years", "-1 day", "1e3 days"])
def test_unreadable_lifetimes_are_refused(text):
    with pytest.raises(ValueError):
        parse_lifetime(text)


def test_lifetimes_are_shown_in_the_readers_language():
    with translation.override("en"):
        assert format_lifetime(63072000) == "2 years" and format_lifetime(None) == "Session"
        assert format_lifetime(90) == "90 seconds" and format_lifetime(3600) == "1 hour"
    with translation.override("zh-hans"):
        assert format_lifetime(63072000) == "2 年"
        assert format_lifetime(13 * 30 * 86400) == "13 个月"
