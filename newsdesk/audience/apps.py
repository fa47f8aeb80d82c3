from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AudienceConfig(AppConfig):
    name = "newsdesk.audience"
    label = "audience"
    verbose_name = _("Audience")

    def ready(self):
        from newsdesk.audience import conf
        from newsdesk.core.roles import EDITOR, grant_on_migrate

        conf.check_redis()
        grant_on_migrate(EDITOR, ["audience.view_dailystat"])
