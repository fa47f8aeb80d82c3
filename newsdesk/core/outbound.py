"""Requests newsdesk sends to addresses other people give it (webhooks, ActivityPub).

Such an address may point at the machine itself or the newsroom's private
network (server-side request forgery). Every connection is checked where it is
made, on the address the socket actually reached, so neither a host name that
resolves to 127.0.0.1, nor DNS answering differently the second time, nor a
redirect to a private address gets through. Private, loopback, link-local,
multicast and reserved addresses are refused unless NEWSDESK_OUTBOUND_ALLOWED_NETWORKS
names them (an administrator's explicit choice; the tests allow 127.0.0.0/8).

Built on requests and urllib3 (their connection classes, one method each):
advocate, which did this for requests, has had no release since 2020.
"""

import ipaddress
import socket
import time

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from newsdesk.core import conf


class Refused(Exception):
    """The address is one newsdesk does not send requests to.

    Not an OSError on purpose: urllib3 would wrap it into a connection error
    and retry; this way it reaches the caller as it is.
    """


class TooLarge(requests.exceptions.RequestException):
    """The answer is larger than the caller accepts."""


def allowed_address(address, networks=None):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_global and not ip.is_multicast:
        return True
    networks = conf.get("NEWSDESK_OUTBOUND_ALLOWED_NETWORKS") if networks is None else networks
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


def check_host(host):
    """Raise Refused when every address of `host` is refused (a form's early warning)."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(f"{host} cannot be found ({error})") from None
    if not any(allowed_address(info[4][0]) for info in infos):
        raise Refused(f"{host} is a private or local address")


class _Checked:
    def _new_conn(self):
        sock = super()._new_conn()
        peer = sock.getpeername()[0]
        if not allowed_address(peer):
            sock.close()
            raise Refused(f"{self.host} is a private or local address ({peer})")
        return sock


class _HTTPConnection(_Checked, HTTPConnection):
    pass


class _HTTPSConnection(_Checked, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _Adapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def session(user_agent):
    """A requests session whose every connection (redirects too) is checked."""
    checked = requests.Session()
    checked.trust_env = False  # no proxy from the environment: it would hide the real peer
    checked.max_redirects = 3
    checked.mount("http://", _Adapter())
    checked.mount("https://", _Adapter())
    checked.headers["User-Agent"] = user_agent
    return checked


def send(method, url, *, user_agent, timeout, max_bytes=1_000_000, **kwargs):
    """One request with a deadline for the whole exchange and a cap on the answer's size.

    Returns (response with `.content` read, seconds taken). Raises requests' exceptions
    (Refused, Timeout, TooLarge...) for the caller to log.
    """
    started = time.monotonic()
    with session(user_agent) as checked:
        response = checked.request(method, url, timeout=(timeout, timeout), stream=True,
                                   **kwargs)
        try:
            chunks, size = [], 0
            for chunk in response.iter_content(16384):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(f"the answer is over {max_bytes} bytes")
                if time.monotonic() - started > timeout:
                    raise requests.exceptions.Timeout(f"no complete answer in {timeout} s")
                chunks.append(chunk)
            response._content = b"".join(chunks)
        finally:
            response.close()
    return response, time.monotonic() - started


def try_pending(deliveries, attempt, due_only=True):
    """Try once each pending delivery of a queryset (rows with `status` and
    `next_attempt_at`, tried by `attempt(pk)` which returns a wait or None).
    Returns (finished, to retry). For the commands that send without a worker."""
    from django.utils import timezone

    pending = deliveries.filter(status="pending")
    if due_only:
        pending = pending.filter(next_attempt_at__lte=timezone.now())
    finished = retry = 0
    for pk in pending.order_by("pk").values_list("pk", flat=True):
        if attempt(pk) is None:
            finished += 1
        else:
            retry += 1
    return finished, retry
