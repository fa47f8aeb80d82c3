"""Who is asking: the client's address, behind a known number of reverse proxies."""

import ipaddress

from newsdesk.security.conf import setting


def client_ip(request):
    """The client's IP address as a string.

    With NEWSDESK_PROXY_COUNT = n > 0, the n-th address from the right of
    X-Forwarded-For is the one our own outermost proxy saw; anything left of it
    was written by the client and is not trusted. Other apps (rate limits,
    view dedupe) should use this too, so one setting fixes them all.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = setting("NEWSDESK_PROXY_COUNT")
    if count:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            remote = forwarded[-count]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return "0.0.0.0"
