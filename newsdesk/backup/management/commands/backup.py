from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.backup.services import backup


class Command(BaseCommand):
    help = ("Write one .tar.gz archive with the database content (portable JSON), the media "
            "files and a manifest (version, row counts, SHA-256 checksums). Safe while the site "
            "is serving.")

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="FILE.tar.gz", help="Where to write the backup.")
        parser.add_argument("--overwrite", action="store_true",
                            help="Replace FILE.tar.gz if it exists.")

    def handle(self, *args, **options):
        target = Path(options["archive"])
        if target.exists() and not options["overwrite"]:
            raise CommandError(f"{target} exists: choose another name or pass --overwrite.")
        if not target.parent.is_dir():
            raise CommandError(f"{target.parent}: no such directory.")
        step = (lambda message: self.stdout.write(f"Backing up {message}...")) if (
            options["verbosity"] > 1) else None
        try:
            result = backup(target, on_step=step)
        except OSError as exc:
            raise CommandError(f"{target}: {exc.strerror or exc}.") from None
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {result.rows} rows of {len(result.manifest['models'])} models and "
            f"{result.media_files} media files to {target}."
        ))
