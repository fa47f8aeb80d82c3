"""A tamper-evident log: records chained by SHA-256, appended under a lock, verified, purged.

Every record stores the hash of its canonical contents and the hash of the
record before it, so changing, inserting or removing a record breaks the chain
at that point. Writers lock the single head row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions serialise them anyway), and
`previous_hash` is unique, so two concurrent writers can never fork the chain.
The retention purge removes the oldest records and remembers the hash of the
newest one it removed, where the remaining chain must start.

An app keeps its own two models (the consent log, the newsletter's subscription
log): records with `created_at`, `previous_hash` (unique), `hash` (unique) and
its own fields; a head with `last_hash`, `length`, `purged_count` and
`purged_through_hash`. Record querysets may define `_purge()` to delete past an
append-only guard.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

GENESIS_HASH = "0" * 64


def _plain(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    return str(value)  # UUIDs and the like


@dataclass
class Verification:
    checked: int = 0
    head_hash: str = ""
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


class Chain:
    """The chain of `record_model` rows whose end is the `head_model` row with pk 1."""

    def __init__(self, record_model, head_model, hashed_fields):
        self.record_model, self.head_model = record_model, head_model
        self.hashed_fields = tuple(hashed_fields) + ("created_at", "previous_hash")

    def canonical(self, record):
        """The record's hashed contents as canonical JSON (sorted keys, UTC microseconds)."""
        payload = {name: _plain(getattr(record, name)) for name in self.hashed_fields}
        return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    def record_hash(self, record):
        return hashlib.sha256(self.canonical(record).encode()).hexdigest()

    def _locked_head(self):
        heads = self.head_model.objects.select_for_update()
        head = heads.filter(pk=1).first()
        if head is None:  # a database emptied by hand (or by a test) starts a new chain
            self.head_model.objects.get_or_create(pk=1)
            head = heads.get(pk=1)
        return head

    def append(self, **fields):
        """Write one record at the end of the chain and return it."""
        with transaction.atomic():
            head = self._locked_head()
            # The time is taken inside the lock, so times never go backwards along the chain.
            record = self.record_model(**fields, previous_hash=head.last_hash,
                                       created_at=timezone.now())
            record.hash = self.record_hash(record)
            record.save()
            self.head_model.objects.filter(pk=head.pk).update(
                last_hash=record.hash, length=F("length") + 1
            )
        return record

    def append_many(self, rows):
        """Write records for a list of field dicts at the end of the chain, in one lock and
        one INSERT (an import of thousands); return them."""
        if not rows:
            return []
        with transaction.atomic():
            head = self._locked_head()
            previous, now, records = head.last_hash, timezone.now(), []
            for fields in rows:
                record = self.record_model(**fields, previous_hash=previous, created_at=now)
                record.hash = previous = self.record_hash(record)
                records.append(record)
            self.record_model.objects.bulk_create(records, batch_size=500)
            self.head_model.objects.filter(pk=head.pk).update(
                last_hash=previous, length=F("length") + len(records)
            )
        return records

    def verify(self):
        """Walk the whole chain; report every record whose contents or link do not fit."""
        head = self.head_model.objects.filter(pk=1).first() or self.head_model()
        result = Verification(head_hash=head.last_hash)
        expected, previous = head.purged_through_hash, None
        for record in self.record_model.objects.order_by("pk").iterator(chunk_size=2000):
            if record.previous_hash != expected:
                after = f"record {previous}" if previous else "the start of the log"
                result.problems.append(
                    f"record {record.pk}: does not follow {after}: records are missing or "
                    "were inserted in between"
                )
            if self.record_hash(record) != record.hash:
                result.problems.append(
                    f"record {record.pk}: its contents were changed after it was written"
                )
            expected, previous = record.hash, record.pk
            result.checked += 1
        if expected != head.last_hash:
            result.problems.append(
                f"the log ends at {f'record {previous}' if previous else 'its start'} but "
                "later records were written: records were removed from the end"
            )
        elif not result.problems and head.length - head.purged_count != result.checked:
            result.problems.append(
                f"{head.length - head.purged_count} records expected, {result.checked} found"
            )
        return result

    def purge_before(self, cutoff, dry_run=False):
        """Remove records older than `cutoff`; return how many (or would be, with dry_run)."""
        with transaction.atomic():
            head = self._locked_head()
            records = self.record_model.objects
            last = records.filter(created_at__lt=cutoff).order_by("-pk").first()
            if last is None:
                return 0
            expired = records.filter(pk__lte=last.pk)
            count = expired.count()
            if not dry_run:
                getattr(expired, "_purge", expired.delete)()
                self.head_model.objects.filter(pk=head.pk).update(
                    purged_through_hash=last.hash, purged_count=F("purged_count") + count
                )
        return count


def months_ago(months, now=None):
    return (now or timezone.now()) - datetime.timedelta(days=round(months * 365.25 / 12))
