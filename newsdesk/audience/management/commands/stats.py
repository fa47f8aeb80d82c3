from django.core.management.base import BaseCommand, CommandError

from newsdesk.audience import redis_counters, services, stats

MAX_DAYS = 3660


class Command(BaseCommand):
    help = "Print the most read articles of the last N days: page views, unique visitors, likes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=30, help="How many days back, today included (default 30).",
        )
        parser.add_argument(
            "--limit", type=int, default=10, help="How many articles to list (default 10).",
        )

    def handle(self, *args, **options):
        days, limit = options["days"], options["limit"]
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}.")
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        try:
            services.flush()  # the counts still on their way from Redis
        except redis_counters.Unreachable as exc:
            self.stderr.write(f"Redis cannot be reached ({exc}): the last second's counts "
                              "may be missing below.")
        period = stats.last_days(days)
        rows = stats.top_articles(period, limit=limit)
        self.stdout.write(f"Most read articles from {period.start} to {period.end}:")
        if rows:
            self.stdout.write(f"{'#':>3}  {'views':>9}  {'visitors':>9}  {'likes':>6}  title")
        for rank, row in enumerate(rows, 1):
            self.stdout.write(
                f"{rank:>3}  {row['views']:>9,}  {row['visitors']:>9,}  {row['likes']:>6,}  "
                f"{row['article'].title}"
            )
        totals = stats.totals(period)
        self.stdout.write(
            f"Listed {len(rows)} articles; {totals['views']:,} page views, "
            f"{totals['visitors']:,} unique visitors, {totals['likes']:,} likes in {days} days."
        )
