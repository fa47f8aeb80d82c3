"""Loading a backup's rows into the database, primary keys and all."""

import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from newsdesk.backup.dump import EXCLUDED, dumped_models
from newsdesk.core.translation import Translated, model_values

# Rows `migrate` itself creates in a new database: they do not make it "not empty".
# A restore overwrites them by primary key.
CREATED_BY_MIGRATE = EXCLUDED | {
    "auth.group", "consent.chainhead", "consent.consentpolicy", "consent.cookiecategory",
}


def rows_in_the_way():
    """{model label: rows} of data that a restore would replace."""
    found = {}
    for model in dumped_models():
        label = model._meta.label_lower
        if label not in CREATED_BY_MIGRATE and model._base_manager.exists():
            found[label] = model._base_manager.count()
    return found


def unknown_migrations(manifest):
    """Migrations the backup's database had that this newsdesk does not know (it is older)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(f"{app}.{name}" for app, names in manifest.get("migrations", {}).items()
                  for name in names if (app, name) not in known)


def clear(models):
    """Delete the rows of `models`, dependants first (many-to-many link tables before them)."""
    for model in reversed(models):
        if model._meta.auto_created:
            continue
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                through._base_manager.all()._raw_delete(DEFAULT_DB_ALIAS)
        model._base_manager.all()._raw_delete(DEFAULT_DB_ALIAS)


def upgraded(row):
    """A row of an older backup in today's form: texts kept per language in columns such as
    name_zh_hans move into `translations` (core.translation), instead of being dropped."""
    if not isinstance(row, dict):
        return row
    try:
        model = apps.get_model(row["model"])
    except (KeyError, LookupError, ValueError):
        return row  # the deserializer names what is wrong with it
    if not issubclass(model, Translated):
        return row
    return {**row, "fields": model_values(model, row.get("fields") or {})}


def load_rows(directory, on_file=None):
    """Save every object of data/*.json, in file order; returns {label: count}."""
    connection = connections[DEFAULT_DB_ALIAS]
    counts, deferred = {}, []
    with connection.constraint_checks_disabled():
        for path in sorted((Path(directory) / "data").glob("*.json")):
            if on_file:
                on_file(path.name)
            with open(path, encoding="utf-8") as handle:
                try:
                    rows = [upgraded(row) for row in json.load(handle)]
                except (ValueError, TypeError) as exc:
                    raise DeserializationError(f"{path.name}: {exc}") from exc
            for item in serializers.deserialize("python", rows, handle_forward_references=True,
                                                ignorenonexistent=True):
                item.save()
                if item.deferred_fields:
                    deferred.append(item)
                label = item.object._meta.label_lower
                counts[label] = counts.get(label, 0) + 1
        for item in deferred:
            item.save_deferred_fields()
    return counts


def check_constraints(models):
    """Every foreign key of the loaded rows points at a row (PostgreSQL checks at commit)."""
    connections[DEFAULT_DB_ALIAS].check_constraints(
        table_names=sorted({model._meta.db_table for model in models})
    )


def reset_sequences(models):
    """PostgreSQL hands out ids from sequences: move them past the loaded rows."""
    connection = connections[DEFAULT_DB_ALIAS]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def model_labels():
    return {model._meta.label_lower for model in apps.get_models()}
