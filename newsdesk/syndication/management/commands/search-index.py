"""`newsdesk search-index`: bring the search index up to date, or rebuild it."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction

from newsdesk.publishing.models import Article
from newsdesk.syndication import search
from newsdesk.syndication.models import SearchDocument
from newsdesk.syndication.search.sqlite import FTS_TABLE


class Command(BaseCommand):
    help = (
        "Index every published article for search again and drop documents of unpublished "
        "ones. Saving articles keeps the index current; run this after restoring a backup, "
        "importing with raw SQL, or upgrading newsdesk."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true",
            help="Empty the index first and build it from scratch (also rebuilds SQLite's "
                 "FTS5 table from the documents).",
        )
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Only count what would be indexed and removed; change nothing.",
        )

    def handle(self, *args, rebuild=False, dry_run=False, verbosity=1, **options):
        published = Article.objects.filter(status=Article.Status.PUBLISHED).count()
        stale = SearchDocument.objects.exclude(article__status=Article.Status.PUBLISHED).count()
        if dry_run:
            self.stdout.write(
                f"Would index {published}, remove {stale}; "
                f"{SearchDocument.objects.count()} documents in the index now."
            )
            return

        def progress(count):
            if verbosity >= 2 and count % 100 == 0:
                self.stdout.write(f"  {count}/{published}")

        try:
            with transaction.atomic():
                if rebuild:
                    if connection.vendor == "sqlite":
                        # First make FTS5 agree with the documents again (after a restore
                        # or damage), so the triggers below work on a consistent index.
                        with connection.cursor() as cursor:
                            cursor.execute(
                                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"
                            )
                    SearchDocument.objects.all().delete()
                indexed, _removed = search.rebuild(progress=progress)
        except DatabaseError as exc:
            raise CommandError(f"The search index could not be written: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Indexed {indexed}, removed {stale}."))
