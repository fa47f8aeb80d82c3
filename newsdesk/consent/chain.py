"""The consent record chain: append, verify, purge.

Every record stores the SHA-256 of its canonical contents and the hash of the
record before it, so changing, inserting or removing a record breaks the chain
at that point. Writers lock the single ChainHead row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions serialise them anyway), and
`previous_hash` is unique, so two concurrent writers can never fork the chain.
The retention purge removes the oldest records and remembers the hash of the
newest one it removed, where the remaining chain must start.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsdesk.consent.models import ChainHead, ConsentRecord

HASHED_FIELDS = (
    "consent_id", "created_at", "action", "source", "granted", "denied", "revision",
    "regime", "language", "page", "ip", "browser", "gpc", "previous_hash",
)


def canonical(record):
    """The record's hashed contents as canonical JSON (sorted keys, UTC microseconds)."""
    payload = {name: getattr(record, name) for name in HASHED_FIELDS}
    payload["consent_id"] = str(record.consent_id)
    payload["created_at"] = record.created_at.astimezone(datetime.UTC).isoformat(
        timespec="microseconds"
    )
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(record):
    return hashlib.sha256(canonical(record).encode()).hexdigest()


def _locked_head():
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # a database emptied by hand (or by a test) starts a new chain
        ChainHead.objects.get_or_create(pk=1)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def append(**fields):
    """Write one record at the end of the chain and return it."""
    with transaction.atomic():
        head = _locked_head()
        # The time is taken inside the lock, so times never go backwards along the chain.
        record = ConsentRecord(**fields, previous_hash=head.last_hash, created_at=timezone.now())
        record.hash = record_hash(record)
        record.save()
        ChainHead.objects.filter(pk=head.pk).update(last_hash=record.hash, length=F("length") + 1)
    return record


@dataclass
class Verification:
    checked: int = 0
    head_hash: str = ""
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def verify():
    """Walk the whole chain; report every record whose contents or link do not fit."""
    head = ChainHead.objects.filter(pk=1).first() or ChainHead()
    result = Verification(head_hash=head.last_hash)
    expected, previous = head.purged_through_hash, None
    for record in ConsentRecord.objects.order_by("pk").iterator(chunk_size=2000):
        if record.previous_hash != expected:
            after = f"record {previous}" if previous else "the start of the log"
            result.problems.append(
                f"record {record.pk}: does not follow {after}: records are missing or were "
                "inserted in between"
            )
        if record_hash(record) != record.hash:
            result.problems.append(
                f"record {record.pk}: its contents were changed after it was written"
            )
        expected, previous = record.hash, record.pk
        result.checked += 1
    if expected != head.last_hash:
        result.problems.append(
            f"the log ends at {f'record {previous}' if previous else 'its start'} but later "
            "records were written: records were removed from the end"
        )
    elif not result.problems and head.length - head.purged_count != result.checked:
        result.problems.append(
            f"{head.length - head.purged_count} records expected, {result.checked} found"
        )
    return result


def retention_cutoff(months, now=None):
    return (now or timezone.now()) - datetime.timedelta(days=round(months * 365.25 / 12))


def purge_expired(months, now=None, dry_run=False):
    """Remove records older than `months`; return how many (or would be, with dry_run)."""
    cutoff = retention_cutoff(months, now)
    with transaction.atomic():
        head = _locked_head()
        last = ConsentRecord.objects.filter(created_at__lt=cutoff).order_by("-pk").first()
        if last is None:
            return 0
        expired = ConsentRecord.objects.filter(pk__lte=last.pk)
        count = expired.count()
        if not dry_run:
            expired._purge()
            ChainHead.objects.filter(pk=head.pk).update(
                purged_through_hash=last.hash, purged_count=F("purged_count") + count
            )
    return count
