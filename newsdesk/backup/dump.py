"""The database as portable JSON: every installed app's rows, primary keys kept.

Rows are written with Django's serializers, with natural keys for references
to content types and permissions (their ids differ between databases), so a
backup taken on SQLite loads on PostgreSQL and back. New apps' models are
included by themselves: nothing here lists them.
"""

import contextlib
import sqlite3
import tempfile
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections, transaction

SNAPSHOT_ALIAS = "backup_snapshot"
# Rebuilt by `migrate` (content types, permissions) or worthless after a restore (sessions).
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


def dumped_models():
    """Concrete, managed models in an order that loads: referenced models first."""
    app_list = {
        config: [model for model in config.get_models()
                 if model._meta.managed and not model._meta.proxy
                 and model._meta.label_lower not in EXCLUDED]
        for config in apps.get_app_configs()
    }
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


@contextlib.contextmanager
def consistent_view():
    """A database alias whose reads all see one moment, without stopping writers.

    SQLite: an online copy of the database file (the backup API), read
    through a temporary alias. PostgreSQL: a read-only repeatable-read
    transaction. Either way readers and writers of the live site go on.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        # Already inside a transaction (a caller's, or a test's): that is one moment.
        # SQLite's backup API would wait forever for this connection's own write lock.
        yield DEFAULT_DB_ALIAS
        return
    if connection.vendor != "sqlite":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield DEFAULT_DB_ALIAS
        return
    with tempfile.TemporaryDirectory(prefix="newsdesk-backup-") as directory:
        copy = Path(directory) / "snapshot.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        settings = {**connections.settings[DEFAULT_DB_ALIAS], "NAME": str(copy), "OPTIONS": {}}
        connections.settings[SNAPSHOT_ALIAS] = settings
        try:
            yield SNAPSHOT_ALIAS
        finally:
            connections[SNAPSHOT_ALIAS].close()
            del connections[SNAPSHOT_ALIAS]
            del connections.settings[SNAPSHOT_ALIAS]


def dump_database(directory, on_model=None):
    """Write data/<app_label>.<model>.json files into `directory`; returns {label: count}.

    `on_model(label)` is called before each model, for progress.
    """
    data = Path(directory) / "data"
    data.mkdir(parents=True, exist_ok=True)
    counts = {}
    with consistent_view() as alias:
        for position, model in enumerate(dumped_models(), start=1):
            label = model._meta.label_lower
            if on_model:
                on_model(label)
            rows = model._base_manager.using(alias).order_by(model._meta.pk.name)
            counts[label] = rows.count()
            with open(data / f"{position:03d}-{label}.json", "w", encoding="utf-8") as handle:
                serializers.serialize("json", rows.iterator(chunk_size=500), stream=handle,
                                      use_natural_foreign_keys=True, indent=None)
    return counts
