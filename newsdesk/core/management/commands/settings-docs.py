from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.core.config import docs

DOCS = Path(__file__).resolve().parents[4] / "docs"


class Command(BaseCommand):
    help = ("Rewrite the settings tables of docs/*.md (between <!-- settings: APP --> and "
            "<!-- end settings -->) from the apps' declarations.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Change nothing; fail when a table is out of date.")
        parser.add_argument("--docs", default=str(DOCS), help="The docs directory.")

    def handle(self, *args, check=False, **options):
        stale = []
        for page in docs.pages(options["docs"]):
            text = page.read_text(encoding="utf-8")
            rendered = docs.render(text)
            if rendered != text:
                stale.append(page.name)
                if not check:
                    page.write_text(rendered, encoding="utf-8")
        if check and stale:
            raise CommandError(f"Out of date: {', '.join(stale)}; run `newsdesk settings-docs`.")
        verb = "Out of date" if check else "Rewrote"
        self.stdout.write(f"{verb} {len(stale)} page(s), {len(docs.by_label())} tables.")
