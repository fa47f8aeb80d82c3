from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Every staff member may make and revoke tokens for themselves (admin.py keeps them to
# their own); Administrators hold every permission and manage everyone's and the webhooks.
STAFF_PERMISSIONS = ["api.add_token", "api.change_token", "api.view_token"]


class ApiConfig(AppConfig):
    name = "newsdesk.api"
    label = "api"
    verbose_name = _("API and webhooks")

    def ready(self):
        from newsdesk.api import events
        from newsdesk.core import pages
        from newsdesk.core.roles import AUTHOR, EDITOR, grant_on_migrate

        events.connect()

        grant_on_migrate(AUTHOR, STAFF_PERMISSIONS)
        grant_on_migrate(EDITOR, STAFF_PERMISSIONS)
        # Content API answers are reader pages with a query: kept and refreshed by the
        # page cache like any other (docs/api.md).
        pages.cache_queries_under("/api/v1/", exclude="/api/v1/admin/")
