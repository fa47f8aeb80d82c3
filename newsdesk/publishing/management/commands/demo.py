from django.core.management.base import BaseCommand

from newsdesk.publishing.demo_loader import load_demo
from newsdesk.publishing.models import Article


class Command(BaseCommand):
    help = "Load the demo newsroom (authors, categories and about 12 articles). Safe to repeat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true",
            help="Do nothing when the database already has articles (used on first run).",
        )

    def handle(self, *args, **options):
        if options["if_empty"] and Article.objects.exists():
            self.stdout.write("The site already has articles: demo content not loaded.")
            return
        summary = load_demo()
        self.stdout.write(self.style.SUCCESS(str(summary)))
