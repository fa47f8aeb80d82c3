"""Keyed hashes that stand for a commenter or a reporter without storing them again.

Trust history, bans and report de-duplication are keyed on these, so nothing
new about a person is kept in the clear: the email address stays where it was
(on the comment, erasable), and the hash cannot be reversed without the key.
The key is derived from SECRET_KEY; rotating SECRET_KEY starts every history
afresh and lifts bans by email (docs/comments.md).
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings


def _key(purpose):
    return hmac.new(settings.SECRET_KEY.encode(), f"newsdesk.comments.{purpose}".encode(),
                    hashlib.sha256).digest()


def email_hash(email):
    """64 hex characters for a (normalised) email address; '' for none."""
    email = (email or "").strip().lower()
    if not email:
        return ""
    return hmac.new(_key("email"), email.encode(), hashlib.sha256).hexdigest()


def reporter_key(address):
    """Who reported, as far as counting distinct reporters goes.

    One key per IPv4 address and per IPv6 /64 (what one subscriber usually gets),
    so a reader cannot count as several by changing browsers or addresses in their
    own network.
    """
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        parsed = None
    if parsed is not None and parsed.version == 6:
        address = str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return hmac.new(_key("reporter"), (address or "").encode(), hashlib.sha256).hexdigest()[:32]
