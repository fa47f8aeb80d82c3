import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsdesk.consent import chain, choices, conf, export


def _date(text):
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since {text!r} is not a date: use YYYY-MM-DD.") from None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class _Unended:
    """Django's stdout wrapper adds a newline to every write; CSV and JSON bring their own."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")


class Command(BaseCommand):
    help = "Consent records: verify the hash chain, export records, purge those past retention."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "verify-log", help="Check that no consent record was changed, inserted or removed."
        )
        exporter = actions.add_parser("export", help="Write consent records as CSV or JSON.")
        exporter.add_argument(
            "--since", required=True, help="First day to include, YYYY-MM-DD (site time zone)."
        )
        exporter.add_argument(
            "--format", choices=export.FORMATS, default="csv", help="csv (default) or json."
        )
        exporter.add_argument("--output", help="File to write; standard output by default.")
        purge = actions.add_parser(
            "purge", help="Delete records older than the retention period (also runs daily)."
        )
        purge.add_argument(
            "--months", type=int, default=None,
            help="Retention in months (default NEWSDESK_CONSENT_RETENTION_MONTHS, 24).",
        )
        purge.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")
        purge.add_argument("--no-input", action="store_true", help="Do not ask to confirm.")

    def handle(self, *args, **options):
        getattr(self, options["action"].replace("-", "_"))(options)

    def verify_log(self, options):
        result = chain.verify()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"The consent log fails verification: {len(result.problems)} problem(s) in "
                f"{result.checked} records."
            )
        self.stdout.write(self.style.SUCCESS(
            f"The consent log is intact: {result.checked} records verified. "
            f"Head hash {result.head_hash}."
        ))

    def export(self, options):
        records = choices.records_since(_date(options["since"]))
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as stream:
                count = export.write(records, stream, options["format"])
        else:
            count = export.write(records, _Unended(self.stdout), options["format"])
        # The summary goes to stderr so that standard output stays a clean CSV or JSON file.
        self.stderr.write(f"Exported {count} records since {options['since']}.")

    def purge(self, options):
        months = options["months"]
        if months is None:
            months = conf.get("RETENTION_MONTHS")
        if months < 1:
            raise CommandError("--months must be at least 1.")
        cutoff = chain.retention_cutoff(months).date()
        count = chain.purge_expired(months, dry_run=True)
        if options["dry_run"] or not count:
            self.stdout.write(f"Would delete {count} records older than {cutoff}."
                              if options["dry_run"] else "No records past retention.")
            return
        if not options["no_input"] and sys.stdin.isatty():
            answer = input(f"Delete {count} consent records older than {cutoff}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing deleted.")
        count = chain.purge_expired(months)
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} records older than {cutoff}."))
