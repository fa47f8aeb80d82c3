"""Keyset cursors: a page ends at a (sort value, id) position and the next starts after it.

django-ninja's CursorPagination is DRF's design (a position plus an offset, one
ordering fixed per operation); the Content API orders stories two ways and its
cursors must stay exact while stories are being published, so a position of the
sort value and the primary key is encoded here instead. A cursor is opaque to
clients: base64url of a short JSON array. Anything else is refused with the reason.
"""

import base64
import binascii
import datetime
import json

from django.db.models import Q


class CursorError(ValueError):
    """A cursor that this API did not make (or made for another ordering)."""


def encode(order, value, pk):
    if isinstance(value, datetime.datetime):
        value = value.isoformat()
    raw = json.dumps([order, value, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor, order, kind):
    """The (value, pk) a cursor points after; `kind` is datetime or str (the sort field)."""
    if len(cursor) > 200:
        raise CursorError("the cursor is too long: pass back a next_cursor unchanged")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, value, pk = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise CursorError("the cursor is malformed: pass back a next_cursor unchanged") from None
    if made_for != order:
        raise CursorError(f"the cursor was made for order={made_for!r}, not {order!r}")
    if not isinstance(pk, int) or isinstance(pk, bool) or not isinstance(value, str):
        raise CursorError("the cursor is malformed: pass back a next_cursor unchanged")
    if kind is datetime.datetime:
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise CursorError("the cursor is malformed: pass back a next_cursor unchanged") \
                from None
        if value.tzinfo is None:
            raise CursorError("the cursor is malformed: pass back a next_cursor unchanged")
    return value, pk


def after(field, descending, value, pk):
    """The rows that come after (value, pk) in the order (field, pk), both descending or not."""
    if descending:
        return Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk})
    return Q(**{f"{field}__gt": value}) | Q(**{field: value, "pk__gt": pk})


def page(queryset, *, order, field, descending, cursor, limit, kind):
    """One page of `queryset` and the cursor of the next (None on the last page)."""
    ordering = [f"-{field}", "-pk"] if descending else [field, "pk"]
    queryset = queryset.order_by(*ordering)
    if cursor:
        value, pk = decode(cursor, order, kind)
        queryset = queryset.filter(after(field, descending, value, pk))
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode(order, getattr(last, field), last.pk)
