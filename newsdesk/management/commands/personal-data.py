import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from newsdesk.core import personal_data


class Command(BaseCommand):
    help = ("Everything newsdesk stores about an email address, in every app (comments, "
            "newsletter, ...): export it as JSON or erase it.")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        export = commands.add_parser("export", help="Print the address's data as JSON.")
        export.add_argument("email", help="The person's email address.")
        export.add_argument("--output", "-o", help="Write the JSON to this file instead.")
        erase = commands.add_parser("erase", help="Erase the address's data from every app.")
        erase.add_argument("email", help="The person's email address.")
        erase.add_argument("--dry-run", action="store_true", help="Say what would change only.")
        erase.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                           help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        try:
            validate_email(options["email"])
        except ValidationError:
            raise CommandError(f"{options['email']!r} is not an email address.") from None
        if options["subcommand"] == "export":
            return self.export(options)
        return self.erase(options)

    def export(self, options):
        text = json.dumps(personal_data.export(options["email"]), ensure_ascii=False, indent=2)
        if not options["output"]:
            self.stdout.write(text)
            return
        try:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError as exc:
            raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from None
        self.stderr.write(f"Exported the data of {len(personal_data.registered())} apps to "
                          f"{options['output']}.")

    def erase(self, options):
        email = options["email"]
        preview = personal_data.erase(email, dry_run=True)
        lines = "\n".join(f"  {name}: {summary}" for name, summary in preview.items())
        if options["dry_run"]:
            self.stdout.write(f"Dry run:\n{lines}")
            return
        if options["interactive"]:
            if not sys.stdin.isatty():
                raise CommandError("Confirmation needed: run with --no-input to erase without "
                                   "asking.")
            answer = input(f"{lines}\nErase all of this for {email}? Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Erasure cancelled.")
        done = personal_data.erase(email)
        self.stdout.write(self.style.SUCCESS(
            "\n".join(f"{name}: {summary}" for name, summary in done.items())))
