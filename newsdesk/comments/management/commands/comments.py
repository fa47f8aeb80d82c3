import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from newsdesk.comments import personal_data, services


class Command(BaseCommand):
    help = "Commenters' personal data requests and comment housekeeping."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)

        export = commands.add_parser(
            "export-personal-data", help="Print everything stored about an email address as JSON.",
        )
        export.add_argument("email", help="The commenter's email address.")
        export.add_argument("--output", "-o", help="Write the JSON to this file instead.")

        erase = commands.add_parser(
            "erase-personal-data",
            help="Remove name, email, website, IP address and browser from an email "
                 "address's comments.",
        )
        erase.add_argument("email", help="The commenter's email address.")
        erase.add_argument(
            "--delete-text", action="store_true",
            help="Also delete the comments' texts (comments others replied to stay as "
                 "'deleted' markers).",
        )
        erase.add_argument("--dry-run", action="store_true", help="Say what would change only.")
        erase.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                           help="Do not ask for confirmation.")

        purge = commands.add_parser(
            "purge",
            help="Truncate IP addresses past retention and delete old spam and trash "
                 "(also runs by itself, at most hourly, when comments are posted).",
        )
        purge.add_argument("--dry-run", action="store_true", help="Say what would change only.")

        commands.add_parser(
            "recount", help="Recount every article's approved comments (after database edits).",
        )

        reports = commands.add_parser(
            "export-reports", help="Every reader's report with its decision, as CSV.",
        )
        reports.add_argument("--output", "-o", help="Write the CSV to this file instead.")

    def handle(self, *args, **options):
        handler = {
            "export-personal-data": self.export,
            "erase-personal-data": self.erase,
            "purge": self.purge,
            "recount": self.recount,
            "export-reports": self.export_reports,
        }[options["subcommand"]]
        handler(options)

    def _email(self, options):
        try:
            validate_email(options["email"])
        except ValidationError:
            raise CommandError(f"{options['email']!r} is not an email address.") from None
        return options["email"]

    def export(self, options):
        data = personal_data.export(self._email(options))
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from None
            self.stderr.write(f"Exported {len(data['comments'])} comments to {options['output']}.")
        else:
            self.stdout.write(text)
            self.stderr.write(f"Exported {len(data['comments'])} comments.")

    def erase(self, options):
        email = self._email(options)
        preview = personal_data.erase(email, options["delete_text"], dry_run=True)
        if options["dry_run"]:
            self.stdout.write(f"Dry run: {preview}")
            return
        if not preview.comments and not preview.blocklist_entries:
            self.stdout.write(f"Nothing stored for {email}. {preview}")
            return
        if options["interactive"]:
            if not sys.stdin.isatty():
                raise CommandError("Confirmation needed: run with --no-input to erase "
                                   "without asking.")
            what = "and delete the texts of " if options["delete_text"] else "from "
            answer = input(f"Erase personal data {what}{preview.comments} comments by "
                           f"{email}? Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Erasure cancelled.")
        summary = personal_data.erase(email, options["delete_text"])
        self.stdout.write(self.style.SUCCESS(str(summary)))

    def purge(self, options):
        summary = personal_data.purge(dry_run=options["dry_run"])
        prefix = "Dry run: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{summary}")

    def recount(self, options):
        services.recount_all()
        self.stdout.write("Recounted the comments of every article.")

    def export_reports(self, options):
        from newsdesk.comments import reports
        from newsdesk.comments.models import Report

        rows = Report.objects.all().order_by("created_at")
        text = reports.export_csv(rows)
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                    handle.write(text)
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from None
        else:
            self.stdout.write(text, ending="")
        self.stderr.write(f"Exported {rows.count()} reports.")
