"""Who is asking: the client's address, read from X-Forwarded-For only as far as it is trusted.

This is the one function every app uses (login lockouts, comment rate limits,
view counting), so one setting fixes them all:

- NEWSDESK_TRUSTED_PROXIES (addresses or CIDRs, e.g. `127.0.0.1/32,10.0.0.0/8`):
  X-Forwarded-For is read only when the connection comes from one of them, and
  then from the right, skipping every trusted proxy, as nginx's realip module
  does with `real_ip_recursive on`. Takes precedence over the count.
- NEWSDESK_PROXY_COUNT = n > 0: the n-th address from the right of
  X-Forwarded-For is the one our own outermost proxy saw; anything left of it
  was written by the client and is not trusted.
"""

import functools
import ipaddress

from newsdesk.security.conf import setting


def client_ip(request):
    """The client's IP address as a string ("0.0.0.0" when unknown)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    trusted = trusted_networks(tuple(setting("NEWSDESK_TRUSTED_PROXIES")))
    if trusted:
        if remote is not None and _is_trusted(remote, trusted):
            for hop in reversed(_forwarded(request)):
                address = _address(hop)
                if address is None:
                    break  # garbage in the chain: stop at the last proxy we trust
                remote = address
                if not _is_trusted(address, trusted):
                    break
    else:
        count = setting("NEWSDESK_PROXY_COUNT")
        forwarded = _forwarded(request) if count else []
        if count and len(forwarded) >= count:
            remote = _address(forwarded[-count])
    return str(remote) if remote is not None else "0.0.0.0"


@functools.cache
def trusted_networks(entries):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def _is_trusted(address, networks):
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _forwarded(request):
    return [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]


def _address(value):
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None
