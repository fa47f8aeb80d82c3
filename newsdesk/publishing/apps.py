from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What the roles may do with the newsroom's content (docs/editors.md).
AUTHOR_PERMISSIONS = [
    "publishing.add_article", "publishing.change_article", "publishing.view_article",
    "publishing.add_reference", "publishing.change_reference", "publishing.delete_reference",
    "publishing.view_reference", "publishing.view_category", "publishing.view_tag",
    "publishing.add_tag", "publishing.view_author",
]
EDITOR_PERMISSIONS = AUTHOR_PERMISSIONS + [
    "publishing.publish_article", "publishing.delete_article",
    "publishing.add_category", "publishing.change_category", "publishing.delete_category",
    "publishing.change_tag", "publishing.delete_tag",
    "publishing.add_author", "publishing.change_author",
]


class PublishingConfig(AppConfig):
    name = "newsdesk.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from newsdesk.core.roles import AUTHOR, EDITOR, grant_on_migrate
        from newsdesk.publishing import signals

        signals.connect()
        grant_on_migrate(AUTHOR, AUTHOR_PERMISSIONS)
        grant_on_migrate(EDITOR, EDITOR_PERMISSIONS)
