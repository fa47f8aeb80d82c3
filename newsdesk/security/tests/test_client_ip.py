"""The client's address: X-Forwarded-For is believed only from the proxies we configured."""

from django.test import RequestFactory

from newsdesk.security.net import client_ip


def ip(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def test_without_proxies_the_connection_address_is_the_client(settings):
    settings.NEWSDESK_PROXY_COUNT = 0
    settings.NEWSDESK_TRUSTED_PROXIES = ()
    assert ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_a_trusted_proxy_forwards_the_client_address(settings):
    settings.NEWSDESK_TRUSTED_PROXIES = ("127.0.0.1/32",)
    assert ip("127.0.0.1", "203.0.113.9") == "203.0.113.9"


def test_a_forged_x_forwarded_for_from_an_untrusted_address_is_ignored(settings):
    settings.NEWSDESK_TRUSTED_PROXIES = ("127.0.0.1/32",)
    assert ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_addresses_the_client_wrote_left_of_our_proxies_are_not_believed(settings):
    settings.NEWSDESK_TRUSTED_PROXIES = ("127.0.0.1/32", "10.0.0.0/8")
    # The client sent "X-Forwarded-For: 198.51.100.1"; the edge proxy 10.0.0.5 appended the
    # real address, the inner proxy (127.0.0.1) appended the edge's.
    assert ip("127.0.0.1", "198.51.100.1, 203.0.113.9, 10.0.0.5") == "203.0.113.9"


def test_garbage_in_the_chain_stops_at_the_last_trusted_proxy(settings):
    settings.NEWSDESK_TRUSTED_PROXIES = ("127.0.0.1/32",)
    assert ip("127.0.0.1", "not-an-address") == "127.0.0.1"


def test_trusted_proxies_replace_the_proxy_count(settings):
    settings.NEWSDESK_PROXY_COUNT = 1
    settings.NEWSDESK_TRUSTED_PROXIES = ("127.0.0.1/32",)
    assert ip("192.0.2.7", "198.51.100.1") == "192.0.2.7"


def test_the_proxy_count_alone_still_works(settings):
    settings.NEWSDESK_PROXY_COUNT = 1
    settings.NEWSDESK_TRUSTED_PROXIES = ()
    assert ip("127.0.0.1", "198.51.100.1, 203.0.113.9") == "203.0.113.9"
