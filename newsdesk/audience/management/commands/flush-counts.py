from django.core.management.base import BaseCommand, CommandError

from newsdesk.audience import redis_counters, services


class Command(BaseCommand):
    help = (
        "Write the view and like counts waiting in Redis to the database now (they are "
        "written within a second anyway): before reading figures, a backup or leaving Redis."
    )

    def handle(self, *args, **options):
        if redis_counters.counters() is None:
            self.stdout.write(
                "No Redis counter store is configured (REDIS_URL, NEWSDESK_AUDIENCE_REDIS_URL): "
                "counts are written to the database by the processes that take them."
            )
            return
        try:
            read = services.flush()
        except redis_counters.Unreachable as exc:
            raise CommandError(
                f"Redis cannot be reached ({exc}); the counts wait there until it can."
            ) from exc
        self.stdout.write(f"Wrote {read} waiting counts from Redis to the database.")
