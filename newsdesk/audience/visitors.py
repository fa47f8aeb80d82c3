"""Who is asking: crawler and prefetch filters, the daily visitor hash (the address: core.net).

No cookie and nothing on the reader's device: a visitor is a hash of a daily
salt, the address, the user agent and the article. The salt is derived from a
secret that lives only in the server processes' memory (`newsdesk serve` makes
a new one per run), so a hash cannot be recomputed or linked to anyone once
the day's marks are deleted.
"""

import datetime
import functools
import ipaddress
from urllib.parse import urlsplit

from crawlerdetect import CrawlerDetect

from newsdesk.core import visitors as core_visitors

_crawlers = CrawlerDetect()
# The hash itself (daily salt from a secret kept in memory) is newsdesk.core.visitors,
# shared with the comments app's respect reactions.
daily_salt = core_visitors.daily_salt

PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def _parse(address):
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def rate_limit_key(address):
    """One key per IPv4 address, per /64 for IPv6 (what one subscriber usually gets)."""
    parsed = _parse(address)
    if parsed is not None and parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return address


@functools.lru_cache(maxsize=4096)
def is_crawler(user_agent):
    """Known crawlers and link-preview fetchers; an empty user agent is no browser either."""
    return not user_agent.strip() or _crawlers.is_crawler(user_agent)


def is_prefetch(request):
    """Prefetch or prerender requests (Sec-Purpose, Purpose, X-Purpose, X-Moz)."""
    for header in PREFETCH_HEADERS:
        value = request.META.get(header, "").lower()
        if "prefetch" in value or "prerender" in value or "preview" in value:
            return True
    return False


def visitor_hash(day: datetime.date, address, user_agent, article_id):
    """32 hex characters that stand for this visitor of this article on this day only."""
    return core_visitors.visitor_hash(day, address, user_agent, article_id)


def referrer_domain(referrer):
    """The host of an http(s) referrer, lower case, without "www."; "" when none or bad."""
    if not isinstance(referrer, str) or not referrer:
        return ""
    try:
        parts = urlsplit(referrer[:2000])
        host = parts.hostname or ""
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or len(host) > 253:
        return ""
    if not all(character.isalnum() or character in ".-:" for character in host):
        return ""
    return host.removeprefix("www.")
