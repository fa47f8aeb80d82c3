"""Subscribers in and out as CSV: newsdesk's own columns, a Ghost members export, or a
WordPress newsletter plugin's export (MailPoet, Jetpack/WordPress.com, The Newsletter
Plugin) are all read; every row that is not imported gets a line in the report."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from newsdesk.newsletter import records
from newsdesk.newsletter.models import (
    NewsletterList,
    Subscriber,
    Subscription,
    SubscriptionRecord,
    normalize_email,
)

COLUMNS = {  # newsdesk's name: the names other exports use (compared lower-cased)
    "email": ("email", "email_address", "e-mail", "user_email", "subscriber_email",
              "email address"),
    "name": ("name", "display_name", "full_name", "full name"),
    "first_name": ("first_name", "first name", "firstname"),
    "last_name": ("last_name", "last name", "lastname", "surname"),
    "language": ("language", "locale", "lang"),
    "lists": ("lists", "newsletters", "labels", "list"),
    "created_at": ("created_at", "subscription_date", "subscribed_on", "subscribed at",
                   "date", "user_registered", "created"),
    "status": ("status", "subscribed_to_emails", "subscribed"),
    "deleted_at": ("deleted_at",),
}
# Ghost writes true/false, MailPoet words; The Newsletter Plugin one letter (C confirmed,
# S not yet confirmed, U unsubscribed, B bounced).
NOT_SUBSCRIBED = {"false", "0", "no", "unsubscribed", "bounced", "inactive", "unconfirmed",
                  "pending", "paused", "s", "u", "b"}
EXPORT_FIELDS = ["email", "name", "language", "status", "lists", "created_at", "confirmed_at"]
MAX_ROWS = 200_000


@dataclass
class Report:
    imported: int = 0
    updated: int = 0
    rejected: list = field(default_factory=list)  # (line, email, reason)

    def reject(self, line, email, reason):
        self.rejected.append((line, email, reason))

    def __str__(self):
        return (f"Imported {self.imported}, added lists to {self.updated}, rejected "
                f"{len(self.rejected)}.")


def _columns(header):
    found = {}
    for index, name in enumerate(header):
        key = (name or "").strip().lower().lstrip("\ufeff")
        for ours, names in COLUMNS.items():
            if key in names and ours not in found:
                found[ours] = index
    return found


def _value(row, columns, name):
    index = columns.get(name)
    return row[index].strip() if index is not None and index < len(row) else ""


def _lists(value, default, known_lists):
    if not value:
        return list(default), []
    known = {item.slug: item for item in known_lists}
    by_name = {item.name.lower(): item for item in known.values()}
    chosen, unknown = [], []
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        item = known.get(part) or by_name.get(part.lower())
        if item:
            chosen.append(item)
        elif part:
            unknown.append(part)
    return chosen or list(default), unknown


def _when(value):
    if not value:
        return None
    moment = parse_datetime(value.replace(" ", "T", 1)) if len(value) > 10 else None
    if moment is None:
        day = parse_date(value[:10])
        moment = datetime.datetime(day.year, day.month, day.day) if day else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


BATCH = 1000


@dataclass
class Row:
    line: int
    email: str
    name: str
    language: str
    lists: list
    created_at: object


def import_csv(text, default_lists, source_name="CSV", dry_run=False, language="en"):
    """Read `text` (a whole CSV file); import its subscribers as confirmed: they agreed on the
    platform the file comes from, which the log records. Returns a Report."""
    report, seen, rows = Report(), {}, []
    try:
        reader = csv.reader(io.StringIO(text), strict=True)
        header = next(reader, None)
    except csv.Error as problem:
        report.reject(1, "", f"not a CSV file ({problem})")
        return report
    columns = _columns(header or [])
    if "email" not in columns:
        report.reject(1, "", "no email column (looked for: " + ", ".join(COLUMNS["email"]) + ")")
        return report
    known_lists = list(NewsletterList.objects.all())
    try:
        for line, cells in enumerate(reader, start=2):
            if line > MAX_ROWS + 1:
                report.reject(line, "", f"more than {MAX_ROWS} rows: the rest was not read")
                break
            row = _read_row(cells, line, columns, default_lists, known_lists, language, report,
                            seen)
            if row is not None:
                rows.append(row)
    except csv.Error as problem:
        report.reject(reader.line_num, "", f"the file is damaged from here on ({problem})")
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            _import_batch(rows[start:start + BATCH], source_name, report)
        if dry_run:
            transaction.set_rollback(True)
    report.rejected.sort()
    return report


def _read_row(cells, line, columns, default_lists, known_lists, language, report, seen):
    """A row checked on its own (address, duplicates, status, lists), or None with a reason."""
    if not any(cell.strip() for cell in cells):
        return None
    raw = _value(cells, columns, "email")
    email = normalize_email(raw)
    try:
        validate_email(email)
    except ValidationError:
        report.reject(line, raw, "not an email address")
        return None
    if email in seen:
        report.reject(line, email, f"duplicate of line {seen[email]}")
        return None
    seen[email] = line
    if _value(cells, columns, "deleted_at"):
        report.reject(line, email, "deleted in the export")
        return None
    if _value(cells, columns, "status").lower() in NOT_SUBSCRIBED:
        report.reject(line, email, "not subscribed in the export")
        return None
    wanted = _value(cells, columns, "language").lower().replace("_", "-")
    chosen_language = "zh-hans" if wanted.startswith("zh") else "en" if wanted else language
    fallback = default_lists if default_lists is not None else [
        item for item in known_lists if item.is_default and item.language in ("", chosen_language)]
    lists, unknown = _lists(_value(cells, columns, "lists"), fallback, known_lists)
    if unknown:
        report.reject(line, email, f"unknown list {', '.join(unknown)}: imported into "
                                   f"{', '.join(item.slug for item in lists)} instead")
    if not lists:
        report.reject(line, email, "no list to import into")
        return None
    name = _value(cells, columns, "name") or " ".join(
        part for part in (_value(cells, columns, "first_name"),
                          _value(cells, columns, "last_name")) if part)
    return Row(line, email, name[:200], chosen_language, lists,
               _when(_value(cells, columns, "created_at")))


def _import_batch(rows, source_name, report):
    now = timezone.now()
    existing = {subscriber.email: subscriber for subscriber in
                Subscriber.objects.filter(email__in=[row.email for row in rows])}
    have = set(Subscription.objects.filter(subscriber__in=existing.values())
               .values_list("subscriber_id", "newsletter_list_id"))
    new, subscriptions, entries = [], [], []
    for row in rows:
        subscriber = existing.get(row.email)
        if subscriber is not None and subscriber.status in (Subscriber.Status.UNSUBSCRIBED,
                                                            Subscriber.Status.UNDELIVERABLE):
            report.reject(row.line, row.email, f"{subscriber.get_status_display().lower()} "
                                               "here earlier: not added back")
            continue
        if subscriber is None:
            subscriber = Subscriber(
                email=row.email, name=row.name, language=row.language,
                source=Subscriber.Source.IMPORT, status=Subscriber.Status.ACTIVE,
                created_at=row.created_at or now, confirmed_at=now, status_changed_at=now)
            new.append(subscriber)
            report.imported += 1
        else:
            missing = [item for item in row.lists if (subscriber.pk, item.pk) not in have]
            if not missing:
                report.reject(row.line, row.email, "already subscribed to these lists")
                continue
            report.updated += 1
        subscriptions.append((subscriber, row.lists))
        entries.append((SubscriptionRecord.Action.IMPORTED, row.email, {
            "lists": [item.slug for item in row.lists], "language": row.language,
            "text": f"Imported from {source_name}: consent given where the list came from.",
            "source": "import"}))
    Subscriber.objects.bulk_create(new)
    Subscription.objects.bulk_create(
        [Subscription(subscriber=subscriber, newsletter_list=item, created_at=now,
                      confirmed_at=now)
         for subscriber, chosen in subscriptions for item in chosen
         if (subscriber.pk, item.pk) not in have],
        ignore_conflicts=True)
    records.append_many(entries)


def export_csv(subscribers, handle):
    """Write subscribers as CSV with EXPORT_FIELDS (which import_csv reads back)."""
    writer = csv.writer(handle)
    writer.writerow(EXPORT_FIELDS)
    for subscriber in subscribers.prefetch_related("subscriptions__newsletter_list"):
        writer.writerow([
            subscriber.email, subscriber.name, subscriber.language, subscriber.status,
            ",".join(item.newsletter_list.slug for item in subscriber.subscriptions.all()
                     if item.confirmed_at),
            subscriber.created_at.isoformat(),
            subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
        ])
