from django.conf import settings
from django.core.management.commands import check


class Command(check.Command):
    """`newsdesk check`: Django's checks plus newsdesk's, deployment checks included in production.

    This replaces Django's own `check` command (an app's command of the same
    name takes precedence over Django's) rather than adding a second name, so
    there is one command to learn. Differences from Django's:

    - the deployment checks (`--deploy`) run by default when NEWSDESK_BASE_URL
      is https, i.e. in a production configuration; a development site on
      http://127.0.0.1 is checked without them, and says so. `--deploy` and
      `--no-deploy` choose explicitly.
    - warnings fail the command (`--fail-level WARNING`), so a script or CI job
      can rely on its exit status.

    newsdesk's own checks have ids security.W101 and up, next to Django's
    security.W001-W026.
    """

    help = (
        "Check the project for problems, with the deployment checks when NEWSDESK_BASE_URL "
        "is https; exits with an error on any warning (docs/security.md)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-deploy", action="store_false", dest="deploy",
            help="Leave out the deployment checks (HTTPS, cookies, HSTS, two-factor...).",
        )
        parser.set_defaults(deploy=None, fail_level="WARNING")

    def handle(self, *app_labels, **options):
        if options["deploy"] is None:
            options["deploy"] = settings.NEWSDESK_BASE_URL.startswith("https://")
            if not options["deploy"] and not options["list_tags"]:
                self.stdout.write(
                    f"Development configuration (NEWSDESK_BASE_URL={settings.NEWSDESK_BASE_URL}):"
                    " deployment checks skipped; add --deploy to run them."
                )
        return super().handle(*app_labels, **options)
