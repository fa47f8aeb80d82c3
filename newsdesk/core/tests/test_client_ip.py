"""The client's address: a forwarding header is believed only from the proxies we configured."""

from django.test import RequestFactory

from newsdesk.core.net import client_ip, reader_network


def ip(remote, forwarded=None, **headers):
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
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


def test_a_configured_header_is_ignored_from_a_connection_that_is_no_trusted_proxy(settings):
    """The 16.2 defect: a header of the client's choosing named the client."""
    settings.NEWSDESK_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.NEWSDESK_PROXY_COUNT = 0
    settings.NEWSDESK_TRUSTED_PROXIES = ()
    assert ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"
    settings.NEWSDESK_TRUSTED_PROXIES = ("127.0.0.1/32",)
    assert ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_a_configured_header_is_read_from_the_right_past_every_trusted_proxy(settings):
    settings.NEWSDESK_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.NEWSDESK_TRUSTED_PROXIES = ("127.0.0.1/32", "10.0.0.0/8")
    # The client prefixed an address of its choice; its real one is the first untrusted
    # address from the right.
    assert ip("127.0.0.1", "192.0.2.66, 203.0.113.9, 10.0.0.5") == "203.0.113.9"


def test_another_header_name_follows_the_same_rule(settings):
    settings.NEWSDESK_CLIENT_IP_HEADER = "CF-Connecting-IP"
    settings.NEWSDESK_TRUSTED_PROXIES = ("127.0.0.1/32",)
    headers = {"HTTP_CF_CONNECTING_IP": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "192.0.2.66"}
    assert ip("127.0.0.1", **headers) == "203.0.113.9"
    assert ip("198.51.100.4", **headers) == "198.51.100.4"


def test_an_unreadable_connection_address_is_unknown(settings):
    settings.NEWSDESK_TRUSTED_PROXIES = ()
    assert ip("not-an-address") is None



def test_a_readers_address_is_kept_only_as_its_network_and_junk_as_nothing():
    assert str(reader_network("203.0.113.77")) == "203.0.113.0/24"
    assert str(reader_network("::ffff:203.0.113.77")) == "203.0.113.0/24"
    assert str(reader_network("2001:db8:5:6::1")) == "2001:db8:5::/48"
    assert reader_network("not an address") is None
    assert reader_network(None) is None
