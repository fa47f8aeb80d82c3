from django.core.management.base import BaseCommand

from newsdesk.core import outbound
from newsdesk.fediverse import delivery
from newsdesk.fediverse.models import Delivery


class Command(BaseCommand):
    help = ("Try once every fediverse delivery whose next try is due (the job queue does this "
            "by itself; for a site without a worker, or to send at once).")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true",
                            help="Also those whose next try is not due yet.")

    def handle(self, *args, **options):
        done, retry = outbound.try_pending(Delivery.objects.all(), delivery.attempt,
                                           due_only=not options["all"])
        self.stdout.write(f"Tried {done + retry}: done {done}, to try again {retry}.")
