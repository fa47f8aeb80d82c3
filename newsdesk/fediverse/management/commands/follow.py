from django.core.management.base import BaseCommand, CommandError

from newsdesk.fediverse import remote, services


class Command(BaseCommand):
    help = "Follow a fediverse account as the site (its posts then arrive in the back office)."

    def add_arguments(self, parser):
        parser.add_argument("account", help="@user@server, or the address of the account.")

    def handle(self, *args, **options):
        try:
            following = services.follow(options["account"])
        except remote.Unfetchable as error:
            raise CommandError(f"Cannot follow {options['account']}: {error}") from None
        self.stdout.write(f"Follow request for {following.actor} queued.")
