from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsdesk.consent import scanning
from newsdesk.consent.browser import BrowserUnavailable, chromium, fetch


class Command(BaseCommand):
    help = (
        "Crawl the site in headless Chromium with every category accepted, and declare each "
        "cookie and storage key found: matched to a declaration, filled from the knowledge "
        "base, or added as uncategorised for review."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", help="The site to crawl (default NEWSDESK_BASE_URL).")
        parser.add_argument(
            "--max-pages", type=int, default=40, help="Stop after this many pages (default 40)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be declared; save nothing."
        )

    def handle(self, *args, **options):
        base = (options["base_url"] or settings.NEWSDESK_BASE_URL).rstrip("/")
        if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).hostname:
            raise CommandError(f"--base-url {base!r} is not a site address.")
        if options["max_pages"] < 1:
            raise CommandError("--max-pages must be at least 1.")
        if fetch(f"{base}/")[0] == 0:
            raise CommandError(f"{base} does not answer: is the site running?")
        starts = [f"{base}/{code}/" for code, _ in settings.LANGUAGES]
        try:
            with chromium() as browser:
                seen, pages = scanning.crawl(browser, base, starts, options["max_pages"])
        except BrowserUnavailable as problem:
            raise CommandError(str(problem)) from None
        # The database is written only now: the ORM must not run inside Playwright's loop.
        for item in sorted(seen.values(), key=lambda item: item.name):
            where = item.domain or "this site"
            self.stdout.write(f"  {item.storage:<8} {item.name} ({where}) on {len(item.pages)} "
                              "page(s)")
        summary = scanning.declare(seen, dry_run=options["dry_run"])
        prefix = "Dry run: " if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(
            f"{prefix}Scanned {pages} pages, saw {len(seen)} cookies and storage keys. {summary}"
        ))
