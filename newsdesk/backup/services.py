"""`newsdesk backup` and `newsdesk restore`: one archive with data, media and a manifest."""

import shutil
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from newsdesk.backup import archive, dump, load
from newsdesk.core.signals import site_changed


class RestoreRefused(Exception):
    """The database or archive is not fit for a restore; nothing was changed."""


def newsdesk_version():
    try:
        return version("newsdesk")
    except PackageNotFoundError:
        return "unknown"


def applied_migrations():
    by_app = {}
    for app, name in MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations():
        by_app.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(by_app.items())}


@dataclass
class BackupResult:
    path: Path
    manifest: dict

    @property
    def rows(self):
        return sum(self.manifest["models"].values())

    @property
    def media_files(self):
        return sum(1 for name in self.manifest["checksums"] if name.startswith("media/"))


def backup(target, on_step=None):
    """Write the archive `target`; safe while the site serves readers and writers."""
    target = Path(target)
    on_step = on_step or (lambda message: None)
    with tempfile.TemporaryDirectory(prefix="newsdesk-backup-") as staging:
        on_step("database")
        counts = dump.dump_database(staging, on_model=lambda label: on_step(f"rows of {label}"))
        on_step("checksums")
        members = archive.member_files(staging, settings.MEDIA_ROOT)
        now = time.time()
        manifest = {
            "format": archive.FORMAT, "format_version": archive.FORMAT_VERSION,
            "newsdesk_version": newsdesk_version(),
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
            "created_epoch": int(now),
            "database_vendor": connections[DEFAULT_DB_ALIAS].vendor,
            "migrations": applied_migrations(),
            "models": counts,
            "checksums": {name: archive.sha256(path) for name, path in members},
        }
        on_step("archive")
        archive.write_archive(target, manifest, members)
    return BackupResult(target, manifest)


def restore(source, force=False, on_step=None):
    """Load the archive `source` into this site's database and media directory.

    Refuses (RestoreRefused) a damaged archive, one from a newer newsdesk, or a
    database that already holds content unless `force`, which replaces it.
    Everything happens in one transaction.
    """
    on_step = on_step or (lambda message: None)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="newsdesk-restore-",
                                     dir=media_root.parent) as staging:
        on_step("checking the archive")
        try:
            manifest = archive.unpack(source, staging)
        except archive.ArchiveError as exc:
            raise RestoreRefused(str(exc)) from None
        newer = load.unknown_migrations(manifest)
        if newer:
            raise RestoreRefused(
                f"the backup comes from a newer newsdesk (migrations {', '.join(newer[:3])}): "
                "upgrade this installation first")
        in_the_way = load.rows_in_the_way()
        if in_the_way and not force:
            summary = ", ".join(f"{count} {label}" for label, count in sorted(in_the_way.items()))
            raise RestoreRefused(
                f"the database is not empty ({summary}): restore into a new database, or "
                "pass --force to replace everything in it")
        models = dump.dumped_models()
        try:
            _load(staging, manifest, models, media_root, on_step)
        except (DeserializationError, DatabaseError) as exc:
            raise RestoreRefused(f"the data could not be loaded ({exc})") from None
    return manifest


def _load(staging, manifest, models, media_root, on_step):
    """Everything in one transaction: a failure leaves the database as it was."""
    with transaction.atomic():
        on_step("database")
        load.clear(models)
        counts = load.load_rows(staging, on_file=lambda name: on_step(f"rows from {name}"))
        expected = {label: count for label, count in manifest["models"].items() if count}
        if counts != expected:
            raise RestoreRefused(f"loaded {counts}, but the manifest lists {expected}")
        load.check_constraints(models)
        load.reset_sequences(models)
        on_step("media")
        copy_media(Path(staging) / "media", media_root)
        # Every page of a running site shows restored rows: the page caches of all its
        # processes (and machines, through Redis) refresh once this commits.
        site_changed.send(sender=restore)


def copy_media(source, media_root):
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = media_root / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
