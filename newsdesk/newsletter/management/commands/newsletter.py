import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from newsdesk.core import jobs, jobs_redelivery
from newsdesk.newsletter import csvio, test_send
from newsdesk.newsletter.models import Issue, NewsletterList, Subscriber
from newsdesk.newsletter.sending import planning
from newsdesk.publishing.models import Article


class Command(BaseCommand):
    help = "Newsletters: send a story, follow a send, import and export subscribers."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True)
        send = commands.add_parser("send", help="Send a published story to its lists.")
        which = send.add_mutually_exclusive_group(required=True)
        which.add_argument("--latest", action="store_true",
                           help="The newest published story.")
        which.add_argument("--article", type=int, metavar="ID", help="The story with this id.")
        which.add_argument("--issue", type=int, metavar="ID",
                           help="An issue that was stopped or not sent yet.")
        send.add_argument("--lists", help="List slugs, comma-separated (default: the sign-up "
                                          "lists of the story's language).")
        send.add_argument("--no-input", "--noinput", action="store_false", dest="interactive",
                          help="Do not ask for confirmation.")
        send.add_argument("--no-wait", action="store_true",
                          help="Queue the send and return; the worker sends it.")
        status = commands.add_parser("status", help="Progress of the latest issues.")
        status.add_argument("issue", type=int, nargs="?", help="One issue's id.")
        test = commands.add_parser("test", help="Send a test copy of the newest story.")
        test.add_argument("email", help="Where to send it.")
        test.add_argument("--language", default="en", help="Language of the email (en, zh-hans).")
        imports = commands.add_parser(
            "import", help="Add subscribers from a CSV (newsdesk, Ghost or WordPress export).")
        imports.add_argument("file", help="The CSV file (UTF-8).")
        imports.add_argument("--list", dest="list_slug",
                             help="Into this list when a row names none (default: the "
                                  "sign-up lists of each subscriber's language).")
        imports.add_argument("--dry-run", action="store_true", help="Check only, import nothing.")
        export = commands.add_parser("export", help="Write every subscriber as CSV.")
        export.add_argument("--output", "-o", help="Write to this file (default: the screen).")

    def handle(self, *args, **options):
        name = {"import": "import_"}.get(options["subcommand"], options["subcommand"])
        getattr(self, name)(options)

    def _story(self, options):
        if options["latest"]:
            article = Article.objects.published().order_by("-published_at", "-pk").first()
            if article is None:
                raise CommandError("No story is published yet.")
            return article
        article = Article.objects.published().filter(pk=options["article"]).first()
        if article is None:
            raise CommandError(f"No published story has the id {options['article']}.")
        return article

    def _lists(self, options):
        if not options["lists"]:
            return []
        slugs = [slug.strip() for slug in options["lists"].split(",") if slug.strip()]
        found = list(NewsletterList.objects.filter(slug__in=slugs))
        missing = set(slugs) - {item.slug for item in found}
        if missing:
            raise CommandError(f"No list called {', '.join(sorted(missing))}.")
        return found

    def send(self, options):
        if options["issue"]:
            issue = Issue.objects.filter(pk=options["issue"]).first()
            if issue is None:
                raise CommandError(f"No issue has the id {options['issue']}.")
            if issue.status in (Issue.Status.SENT, Issue.Status.SENDING):
                raise CommandError(f"Issue {issue.pk} is {issue.get_status_display().lower()}.")
        else:
            article = self._story(options)
            earlier = Issue.objects.filter(article=article).exclude(
                status__in=[Issue.Status.DRAFT, Issue.Status.CANCELLED]).first()
            if earlier is not None:
                raise CommandError(
                    f"“{article.title}” was sent already (issue {earlier.pk}, "
                    f"{earlier.get_status_display().lower()}): `newsdesk newsletter status "
                    f"{earlier.pk}` shows how far.")
            issue = Issue.objects.create(kind=Issue.Kind.STORY, article=article)
            issue.newsletter_lists.set(self._lists(options))
        lists = planning.lists_for(issue)
        count = planning.recipients_count(issue)
        names = ", ".join(item.slug for item in lists) or "no list"
        if not count:
            raise CommandError(f"Nobody is subscribed to {names}: nothing to send.")
        if options["interactive"]:
            if not sys.stdin.isatty():
                raise CommandError("Confirmation needed: run with --no-input to send without "
                                   "asking.")
            answer = input(f"Send “{issue}” to {count} subscribers of {names}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Not sent.")
        planning.start(issue)
        if options["no_wait"]:
            self.stdout.write(f"Queued issue {issue.pk} for {count} subscribers; "
                              f"`newsdesk newsletter status {issue.pk}` follows it.")
            return
        self.follow(issue)

    def follow(self, issue):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        started, warned = time.monotonic(), False
        columns = ("[progress.description]{task.description}", BarColumn(),
                   MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=None, transient=False) as bar:
            task = bar.add_task("Sending", total=None)
            while True:
                issue.refresh_from_db()
                done = planning.progress(issue)
                bar.update(task, total=done.total or None, completed=done.done)
                if issue.status != Issue.Status.SENDING:
                    break
                if not warned and not done.done and time.monotonic() - started > 10 and \
                        not jobs_redelivery.workers_alive(jobs.queue()):
                    bar.console.print("No worker is running: start `newsdesk worker` (the "
                                      "send waits in the queue until one does).")
                    warned = True
                time.sleep(0.5)
        self.summary(issue, planning.progress(issue))

    def summary(self, issue, done):
        line = (f"Issue {issue.pk} “{issue}”: {issue.get_status_display().lower()}; sent "
                f"{done.sent}, failed {done.failed}, skipped {done.skipped}, left {done.left}.")
        if done.unconfirmed:
            line += (f" {done.unconfirmed} handed to the mail server as a worker stopped "
                     "(counted as sent).")
        self.stdout.write(self.style.SUCCESS(line) if not done.left else line)
        if issue.problem:
            self.stdout.write(f"Problem: {issue.problem}")

    def status(self, options):
        issues = Issue.objects.all()
        if options["issue"]:
            issues = issues.filter(pk=options["issue"])
            if not issues:
                raise CommandError(f"No issue has the id {options['issue']}.")
        for issue in issues[:10]:
            self.summary(issue, planning.progress(issue))
        if not issues:
            self.stdout.write("No issue yet.")

    def test(self, options):
        article = Article.objects.published().order_by("-published_at", "-pk").first()
        if article is None:
            raise CommandError("No story is published yet.")
        test_send.send(Issue(kind=Issue.Kind.STORY, article=article), options["email"],
                       options["language"])
        self.stdout.write(f"Sent a test copy of “{article.title}” to {options['email']}.")

    def import_(self, options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text: save it as CSV (UTF-8).") from None
        default = None
        if options["list_slug"]:
            found = NewsletterList.objects.filter(slug=options["list_slug"]).first()
            if found is None:
                raise CommandError(f"No list called {options['list_slug']}.")
            default = [found]
        report = csvio.import_csv(text, default, source_name=path.name, dry_run=options["dry_run"])
        for line, email, reason in report.rejected:
            self.stdout.write(f"  line {line}: {email or '-'}: {reason}")
        prefix = "Dry run: " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{report}")


    def export(self, options):
        subscribers = Subscriber.objects.exclude(Q(status=Subscriber.Status.PENDING)).order_by(
            "pk")
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                    csvio.export_csv(subscribers, handle)
            except OSError as exc:
                raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from None
            self.stderr.write(f"Exported {subscribers.count()} subscribers to "
                              f"{options['output']}.")
        else:
            csvio.export_csv(subscribers, self.stdout)

