from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.wordpress.importer import Importer
from newsdesk.wordpress.progress import progress_for
from newsdesk.wordpress.report import STEPS
from newsdesk.wordpress.wxr import WXRError


class Command(BaseCommand):
    help = ("Import a WordPress export (Tools → Export, WXR 1.0–1.2): authors, categories, "
            "tags, posts, comments, view counts, featured images and old links. Repeatable: "
            "a second run updates what changed and duplicates nothing.")

    def add_arguments(self, parser):
        parser.add_argument("export", metavar="EXPORT.xml", help="The WordPress export file.")
        parser.add_argument(
            "--uploads-dir", metavar="DIR",
            help="A copy of the old site's wp-content/uploads directory: featured images and "
                 "images in posts are copied from it into media. Without it their original "
                 "URLs are kept.",
        )
        parser.add_argument("--dry-run", action="store_true",
                            help="Read and check everything, report, and save nothing.")
        parser.add_argument(
            "--language", choices=["en", "zh-hans"],
            help="Language of posts that do not show their own (default: the export's "
                 "<language>). Posts written mostly in Chinese are detected either way.",
        )

    def handle(self, *args, **options):
        path = Path(options["export"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        uploads = options["uploads_dir"]
        if uploads and not Path(uploads).is_dir():
            raise CommandError(f"--uploads-dir {uploads}: no such directory.")
        importer = Importer(path, uploads_dir=uploads, language=options["language"],
                            dry_run=options["dry_run"], progress=progress_for(self.stdout))
        try:
            report = importer.run()
        except WXRError as exc:
            where = f" at line {exc.line}" if exc.line else ""
            raise CommandError(
                f"{path}: the export cannot be read{where}: {exc}. Nothing was imported."
            ) from None
        except LookupError as exc:
            raise CommandError(f"{exc} Nothing was imported.") from None
        self.write_report(report)

    def write_report(self, report):
        for step in STEPS:
            counts = report[step]
            if counts.total:
                self.stdout.write(f"  {step:<12} {counts}")
        parsed = report.comments_parsed
        if parsed:
            by_status = ", ".join(f"{parsed[key]} {key}" for key in sorted(parsed))
            self.stdout.write(f"  comments in the export: {by_status}")
        for warning in report.closing_warnings():
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        self.stdout.write(self.style.SUCCESS(report.summary_line()))
