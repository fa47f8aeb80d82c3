from django.core.management.base import BaseCommand

from newsdesk.pagecache.services import page_store


class Command(BaseCommand):
    help = "Drop every cached page, in every worker; pages are rendered again when next asked for."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the stored pages.",
        )

    def handle(self, *args, **options):
        store = page_store()
        if options["dry_run"]:
            count = sum(1 for _ in store.entries_dir.glob("*/*"))
            self.stdout.write(f"Would remove {count} cached pages.")
            return
        count = store.clear()
        self.stdout.write(f"Removed {count} cached pages.")
