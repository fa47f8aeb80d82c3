from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_statistics_to_editors(**kwargs):
    from newsdesk.publishing.roles import EDITOR, grant

    grant(EDITOR, ["audience.view_dailystat"])


class AudienceConfig(AppConfig):
    name = "newsdesk.audience"
    label = "audience"
    verbose_name = _("Audience")

    def ready(self):
        from newsdesk.audience import conf

        # A mistyped proxy network stops start-up with a sentence instead of
        # silently trusting (or distrusting) every forwarded address.
        conf.trusted_proxies()
        conf.check_redis()
        # Without a sender, like publishing's roles: the permission is created by
        # contrib.auth's own post_migrate handler, which runs after this app's.
        post_migrate.connect(grant_statistics_to_editors, dispatch_uid="audience-editor-statistics")
