import json
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsdesk.consent import auditing
from newsdesk.consent.browser import BrowserUnavailable, chromium, fetch


class Command(BaseCommand):
    help = (
        "Visit every kind of public page in headless Chromium with no choice, all rejected "
        "and all accepted; report cookies, storage and requests to other origins; fail when "
        "anything non-necessary happens before consent or after rejection."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", help="The site to audit (default NEWSDESK_BASE_URL), e.g. "
            "https://news.example.org.",
        )
        parser.add_argument(
            "--path", action="append", default=[],
            help="Audit only this path, e.g. /en/ (repeatable). Default: one page of each kind.",
        )
        parser.add_argument(
            "--header", action="append", default=[], metavar="'NAME: VALUE'",
            help="Send this header with every request (repeatable), e.g. 'CF-IPCountry: US' "
            "to audit a country's regime.",
        )
        parser.add_argument(
            "--report-dir", default=None,
            help="Where to write audit.txt and audit.json (default $NEWSDESK_DATA_DIR/audit).",
        )

    def handle(self, *args, **options):
        base = (options["base_url"] or settings.NEWSDESK_BASE_URL).rstrip("/")
        if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).hostname:
            raise CommandError(f"--base-url {base!r} is not a site address.")
        headers = {}
        for header in options["header"]:
            name, _, value = header.partition(":")
            if not name.strip() or not value.strip():
                raise CommandError(f"--header {header!r} must look like 'Name: value'.")
            headers[name.strip()] = value.strip()
        if fetch(f"{base}/")[0] == 0:
            raise CommandError(f"{base} does not answer: is the site running?")
        if options["path"]:
            pages = [("page", base + "/" + path.lstrip("/")) for path in options["path"]]
        else:
            pages = auditing.discover(base)
        self.stdout.write(f"Auditing {len(pages)} pages of {base} in three states...")
        try:
            with chromium() as browser:
                report = auditing.run(browser, base, pages, headers or None)
        except BrowserUnavailable as problem:
            raise CommandError(str(problem)) from None
        text = auditing.as_text(report)
        directory = Path(options["report_dir"] or settings.DATA_DIR / "audit")
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "audit.txt").write_text(text, encoding="utf-8")
        (directory / "audit.json").write_text(
            json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
        )
        self.stdout.write(text)
        where = f"Reports: {directory / 'audit.txt'} and {directory / 'audit.json'}."
        if not report.passed:
            raise CommandError(f"Audit failed with {len(report.violations)} violation(s). {where}")
        self.stdout.write(self.style.SUCCESS(
            f"Audit passed: {len(pages)} pages, 3 states, {len(report.warnings)} warning(s). "
            f"{where}"
        ))
