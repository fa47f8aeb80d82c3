"""Consent records as CSV or JSON, for auditors and data-protection requests."""

import csv
import json

FIELDS = (
    "id", "consent_id", "created_at", "action", "source", "granted", "denied", "revision",
    "regime", "language", "page", "ip", "browser", "gpc", "previous_hash", "hash",
)
FORMATS = ("csv", "json")


def _row(record):
    row = {name: getattr(record, name) for name in FIELDS}
    row["consent_id"] = str(record.consent_id)
    row["created_at"] = record.created_at.isoformat(timespec="microseconds")
    row["granted"] = record.granted.split()
    row["denied"] = record.denied.split()
    return row


def write(records, stream, fmt="csv"):
    """Write records (a queryset, oldest first) to a text stream; return how many."""
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=FIELDS)
        writer.writeheader()
        for record in records.iterator(chunk_size=2000):
            row = _row(record)
            row["granted"], row["denied"] = " ".join(row["granted"]), " ".join(row["denied"])
            writer.writerow(row)
            count += 1
        return count
    stream.write("[")
    for record in records.iterator(chunk_size=2000):
        stream.write(("," if count else "") + "\n" + json.dumps(_row(record), ensure_ascii=False))
        count += 1
    stream.write("\n]\n")
    return count
