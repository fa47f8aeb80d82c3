"""The import's memory: which WordPress object became which newsdesk row."""

import hashlib
import json

from django.contrib.contenttypes.models import ContentType

from newsdesk.wordpress.models import ImportedObject

TEXT_FIELDS = ("guid", "slug", "old_url")


def checksum(*values):
    """A stable fingerprint of what WordPress said about an object."""
    encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def fitted(value, field="wp_id"):
    """Text cut to its column's length: PostgreSQL refuses longer values (SQLite keeps them).

    WordPress limits logins to 60 characters and slugs to 200; longer ones come
    from damaged or hand-made exports (two that start alike become one).
    """
    return str(value)[:ImportedObject._meta.get_field(field).max_length]


def find(kind, wp_id, guid=""):
    """The record of an earlier import: by WordPress id, else by GUID."""
    record = ImportedObject.objects.filter(kind=kind, wp_id=fitted(wp_id)).first()
    if record is None and guid:
        record = ImportedObject.objects.filter(kind=kind, guid=fitted(guid, "guid")).first()
    return record


def remember(kind, wp_id, target=None, *, record=None, **fields):
    """Create or update the record of `kind`/`wp_id` pointing at `target`."""
    record = record or ImportedObject(kind=kind)
    record.wp_id = fitted(wp_id)
    if target is not None:
        record.content_type = ContentType.objects.get_for_model(target)
        record.object_id = target.pk
    for name, value in fields.items():
        setattr(record, name, fitted(value, name) if name in TEXT_FIELDS else value)
    record.save()
    return record


def target_of(record, model):
    """The row a record points at, or None if it was deleted since."""
    if record is None or record.object_id is None:
        return None
    return model._default_manager.filter(pk=record.object_id).first()
