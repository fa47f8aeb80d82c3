from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PagecacheConfig(AppConfig):
    name = "newsdesk.pagecache"
    label = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from newsdesk.core.signals import site_changed
        from newsdesk.pagecache import checks, handlers  # noqa: F401
        from newsdesk.publishing import signals
        from newsdesk.publishing.models import Article, Author, Category, Reference, Tag

        uid = "newsdesk-pagecache"
        signals.article_changed.connect(handlers.article_changed, dispatch_uid=uid)
        site_changed.connect(handlers.site_changed, dispatch_uid=uid)
        for model in (Category, Tag, Author):
            post_save.connect(handlers.navigation_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(handlers.navigation_changed, sender=model, dispatch_uid=uid)
        for model in (Reference,):
            post_save.connect(handlers.reference_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(handlers.reference_changed, sender=model, dispatch_uid=uid)
        for through in (Article.tags.through, Article.authors.through):
            m2m_changed.connect(handlers.relations_changed, sender=through, dispatch_uid=uid)
