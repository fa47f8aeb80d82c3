from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.backup.services import RestoreRefused, restore


class Command(BaseCommand):
    help = ("Load a backup written by `newsdesk backup` into this site: checks every checksum, "
            "keeps primary keys (so addresses and links survive), restores the media files. "
            "Refuses a database that already has content unless --force. Run `newsdesk migrate` "
            "first.")

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="FILE.tar.gz", help="The backup to restore.")
        parser.add_argument(
            "--force", action="store_true",
            help="Replace all content of a database that is not empty (destructive).",
        )
        parser.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                            help="Do not ask for confirmation with --force.")

    def handle(self, *args, **options):
        source = Path(options["archive"])
        if not source.is_file():
            raise CommandError(f"{source}: no such file.")
        if options["force"] and options["interactive"]:
            answer = input("This replaces every article, comment and account of this site. "
                           "Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        step = (lambda message: self.stdout.write(f"Restoring: {message}...")) if (
            options["verbosity"] > 1) else None
        try:
            manifest = restore(source, force=options["force"], on_step=step)
        except RestoreRefused as exc:
            raise CommandError(f"{source}: {exc}. Nothing was changed.") from None
        rows = sum(manifest["models"].values())
        media = sum(1 for name in manifest["checksums"] if name.startswith("media/"))
        self.stdout.write(self.style.SUCCESS(
            f"Restored {rows} rows and {media} media files from a backup of "
            f"{manifest['created_at']} (newsdesk {manifest['newsdesk_version']})."
        ))
