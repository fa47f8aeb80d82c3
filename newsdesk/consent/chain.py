"""The consent record chain: append, verify, purge (the generic part: core/hashchain.py)."""

from newsdesk.consent.models import ChainHead, ConsentRecord
from newsdesk.core.hashchain import Chain, Verification, months_ago

__all__ = ["Verification", "append", "verify", "purge_expired", "record_hash", "canonical"]

HASHED_FIELDS = (
    "consent_id", "action", "source", "granted", "denied", "revision",
    "regime", "language", "page", "ip", "browser", "gpc",
)
CHAIN = Chain(ConsentRecord, ChainHead, HASHED_FIELDS)
canonical = CHAIN.canonical
record_hash = CHAIN.record_hash
append = CHAIN.append
verify = CHAIN.verify
retention_cutoff = months_ago


def purge_expired(months, now=None, dry_run=False):
    """Remove records older than `months`; return how many (or would be, with dry_run)."""
    return CHAIN.purge_before(months_ago(months, now), dry_run=dry_run)
