import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsdesk.pagecache import files
from newsdesk.pagecache.entries import Entry
from newsdesk.pagecache.services import cache_control, wrapper_config

HEADER = """\
# The headers nginx adds to the reader pages it sends as files from
# NEWSDESK_PAGECACHE_FILES_DIR (docs/deploy.md). Printed by `newsdesk nginx-page-headers`
# from a page rendered with this environment; newsdesk writes a page as a file only
# while the page carries exactly these headers. After changing a setting that changes
# them (security headers, consent, cache), print this again, save it where
# NEWSDESK_PAGECACHE_FILES_HEADERS says and reload nginx.
"""


class Command(BaseCommand):
    help = (
        "Print the nginx snippet of the headers of reader pages sent as files "
        "(NEWSDESK_PAGECACHE_FILES_DIR), from the home page rendered now."
    )

    def handle(self, *args, **options):
        path = f"/{settings.LANGUAGE_CODE}/"
        status, headers, body = self.render(path)
        if not status.startswith("200"):
            raise CommandError(f"{path} answered {status}: cannot read a page's headers.")
        vary_on = wrapper_config().vary
        entry = Entry.build(
            key=path, status=status, headers=headers, body=body, tags=set(), versions=(),
            created=time.time(), expires=time.time(), cache_control=cache_control(),
            vary_on=vary_on,
        )
        kept = [(name, files.normal(name, value)) for name, value in entry.hit_headers[None]
                if name.lower() not in files.NOT_COMPARED]
        self.stdout.write(HEADER + files.snippet(kept), ending="")

    @staticmethod
    def render(path):
        """The page as a reader without cookies gets it, through every middleware.

        Django's test client is its in-process request: it also leaves this command's
        database connection open, where a WSGI request would close it at the end.
        """
        from django.test import Client

        base = urlsplit(settings.NEWSDESK_BASE_URL)
        response = Client().get(path, headers={"host": base.netloc or "localhost"},
                                secure=base.scheme == "https")
        status = f"{response.status_code} {response.reason_phrase}"
        return status, list(response.items()), response.content
