from django.core.management.base import BaseCommand, CommandError

from newsdesk.pagecache.services import page_store


class Command(BaseCommand):
    help = (
        "Drop every cached page, in every worker, and the copies in Redis when REDIS_URL is "
        "set; pages are rendered again when next asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the stored pages.",
        )

    def handle(self, *args, **options):
        store = page_store()
        here, in_redis = store.count() if options["dry_run"] else store.clear()
        done = "Would remove" if options["dry_run"] else "Removed"
        if store.shared is None:
            self.stdout.write(f"{done} {here} cached pages.")
        elif in_redis is None:
            raise CommandError(
                f"{done} {here} cached pages here, but Redis could not be reached: the pages "
                "it holds expire on their own (NEWSDESK_PAGECACHE_TIMEOUT). Run this command "
                "again when Redis is back."
            )
        else:
            self.stdout.write(f"{done} {here} cached pages here and {in_redis} in Redis.")
