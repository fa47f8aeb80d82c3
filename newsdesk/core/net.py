"""Who is asking: the client's address, the one rule every app uses.

Sign-in lockouts, comment, consent and counting rate limits, consent records
and view counting all call `client_ip(request)`, so one set of settings fixes
them all:

- NEWSDESK_TRUSTED_PROXIES (addresses or CIDRs, e.g. `127.0.0.1/32,10.0.0.0/8`):
  the forwarding header is read only when the connection comes from one of
  them, and then from the right, skipping every trusted proxy, as nginx's
  realip module does with `real_ip_recursive on`. Takes precedence over the count.
- NEWSDESK_PROXY_COUNT = n > 0: the n-th address from the right of the header is
  the one our own outermost proxy saw; anything left of it was written by the
  client and is not believed.
- NEWSDESK_CLIENT_IP_HEADER: the forwarding header (X-Forwarded-For by default;
  e.g. X-Real-IP or CF-Connecting-IP). Read under the same two rules: without a
  trusted proxy or a count, no header is believed, whatever its name.
"""

import functools
import ipaddress

from django.core.exceptions import ImproperlyConfigured

from newsdesk.core import conf


def client_ip(request):
    """The client's IP address as a string, or None when the connection has none."""
    meta = request.META
    remote = _address(meta.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    trusted = trusted_proxies()
    if trusted:
        if _is_trusted(remote, trusted):
            for hop in reversed(_hops(meta)):
                address = _address(hop)
                if address is None:
                    break  # garbage in the chain: stop at the last proxy we trust
                remote = address
                if not _is_trusted(address, trusted):
                    break
        return str(remote)
    count = conf.get("NEWSDESK_PROXY_COUNT")
    if count:
        hops = _hops(meta)
        if len(hops) >= count:
            forwarded = _address(hops[-count])
            return str(forwarded) if forwarded is not None else None
    return str(remote)


def trusted_proxies():
    """NEWSDESK_TRUSTED_PROXIES as networks; ImproperlyConfigured naming a bad entry."""
    return _networks(tuple(conf.get("NEWSDESK_TRUSTED_PROXIES")))


@functools.cache
def _networks(entries):
    networks = []
    for entry in entries:
        if not entry.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"NEWSDESK_TRUSTED_PROXIES contains {entry!r}, which is not a network: "
                "use addresses or CIDR ranges such as 127.0.0.1 or 10.0.0.0/8, comma-separated."
            ) from None
    return tuple(networks)


@functools.cache
def _meta_key(header):
    return "HTTP_" + header.upper().replace("-", "_")


def _hops(meta):
    header = conf.get("NEWSDESK_CLIENT_IP_HEADER") or "X-Forwarded-For"
    return [part.strip() for part in meta.get(_meta_key(header), "").split(",") if part.strip()]


def reader_network(address):
    """What is kept of a reader's address: its /24 (IPv4, IPv4-mapped too) or /48 (IPv6).

    Enough for rate limits and abuse handling, not enough to name a household.
    None for anything that is not an address.
    """
    ip = _address(address or "")
    if ip is None:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ipaddress.ip_network(f"{ip}/{24 if ip.version == 4 else 48}", strict=False)


def _is_trusted(address, networks):
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def _address(value):
    try:
        return ipaddress.ip_address(value.strip())
    except (ValueError, AttributeError):
        return None
