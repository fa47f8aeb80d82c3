from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "newsdesk.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from newsdesk.publishing import roles, signals  # noqa: F401

        # Without a sender: the Administrator role must also get the permissions of
        # apps migrated after this one.
        post_migrate.connect(roles.ensure_editorial_groups, dispatch_uid="newsdesk-roles")
