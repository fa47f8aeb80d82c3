import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from newsdesk.audience import conf
from newsdesk.audience.visitors import (
    is_prefetch,
    rate_limit_key,
    referrer_domain,
    visitor_hash,
)
from newsdesk.core import net
from newsdesk.core.net import client_ip

DAY = datetime.date(2026, 5, 4)


def request_from(remote, forwarded=None, **headers):
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/api/audience/view/", REMOTE_ADDR=remote, **headers)


def test_forwarded_addresses_are_ignored_without_trusted_proxies():
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@override_settings(NEWSDESK_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_behind_trusted_proxies_the_nearest_untrusted_hop_is_the_client():
    assert client_ip(request_from("127.0.0.1", "198.51.100.1")) == "198.51.100.1"
    # A client cannot forge its address by sending its own X-Forwarded-For.
    spoofed = request_from("127.0.0.1", "1.1.1.1, 198.51.100.1, 10.1.2.3")
    assert client_ip(spoofed) == "198.51.100.1"
    # Only requests that arrive from a trusted proxy may name another address.
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    assert client_ip(request_from("127.0.0.1", "not-an-address")) == "127.0.0.1"
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"


@override_settings(NEWSDESK_TRUSTED_PROXIES=["10.0.0.0/33"])
def test_a_mistyped_proxy_network_stops_start_up_with_a_sentence():
    with pytest.raises(ImproperlyConfigured, match="NEWSDESK_TRUSTED_PROXIES contains"):
        net.trusted_proxies()


def test_the_visitor_hash_depends_on_day_address_browser_and_article():
    base = visitor_hash(DAY, "203.0.113.7", "Firefox", 1)
    assert len(base) == 32 and "203.0.113.7" not in base
    assert base == visitor_hash(DAY, "203.0.113.7", "Firefox", 1)
    others = {
        visitor_hash(DAY + datetime.timedelta(days=1), "203.0.113.7", "Firefox", 1),
        visitor_hash(DAY, "203.0.113.8", "Firefox", 1),
        visitor_hash(DAY, "203.0.113.7", "Chrome", 1),
        visitor_hash(DAY, "203.0.113.7", "Firefox", 2),
    }
    assert base not in others and len(others) == 4


def test_the_salt_comes_from_the_secret_handed_to_the_workers():
    with override_settings(AUDIENCE_VISITOR_SECRET="a" * 64):
        first = visitor_hash(DAY, "203.0.113.7", "Firefox", 1)
        assert visitor_hash(DAY, "203.0.113.7", "Firefox", 1) == first
    with override_settings(AUDIENCE_VISITOR_SECRET="b" * 64):
        assert visitor_hash(DAY, "203.0.113.7", "Firefox", 1) != first


@pytest.mark.parametrize("referrer, domain", [
    ("https://www.example.org/a/b?c=d#e", "example.org"),
    ("http://news.ycombinator.com/item?id=1", "news.ycombinator.com"),
    ("https://EXAMPLE.org:8443/x", "example.org"),
    ("", ""),
    ("javascript:alert(1)", ""),
    ("android-app://com.google.android.gm/", ""),
    ("https://exa mple.org/", ""),
    ("https://[::1", ""),
    (None, ""),
    (42, ""),
])
def test_referrers_are_reduced_to_their_domain(referrer, domain):
    assert referrer_domain(referrer) == domain


def test_prefetches_are_recognised_by_their_headers():
    assert is_prefetch(request_from("1.2.3.4", HTTP_SEC_PURPOSE="prefetch;prerender"))
    assert not is_prefetch(request_from("1.2.3.4"))


def test_ipv6_addresses_share_a_rate_limit_per_slash_64():
    assert rate_limit_key("2001:db8:1:2::5") == rate_limit_key("2001:db8:1:2:ffff::1")
    assert rate_limit_key("2001:db8:1:3::5") != rate_limit_key("2001:db8:1:2::5")
    assert rate_limit_key("203.0.113.7") == "203.0.113.7"


def test_counting_in_redis_without_its_client_installed_stops_start_up(settings, monkeypatch):
    settings.AUDIENCE_REDIS_URL = "redis://127.0.0.1:6379/0"
    monkeypatch.setattr(conf.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImproperlyConfigured, match=r'pip install "newsdesk\[redis\]"'):
        conf.check_redis()
