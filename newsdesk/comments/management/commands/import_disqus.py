from django.core.management.base import BaseCommand, CommandError

from newsdesk.comments import disqus


class Command(BaseCommand):
    help = "Import comments from a Disqus XML export into the stories at the same addresses."

    def add_arguments(self, parser):
        parser.add_argument("export", help="The Disqus export file (XML, as Disqus sends it).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Read and match everything, save nothing.")

    def handle(self, *args, **options):
        try:
            with open(options["export"], "rb") as source:
                report = disqus.import_export(source, dry_run=options["dry_run"])
        except OSError as error:
            raise CommandError(f"Cannot read {options['export']}: {error.strerror}") from None
        except disqus.DisqusError as error:
            raise CommandError(str(error)) from None
        for line in report.lines:
            self.stdout.write(f"  {line}")
        prefix = "Dry run: nothing saved. " if options["dry_run"] else ""
        self.stdout.write(prefix + report.summary())
