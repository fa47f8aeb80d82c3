"""Signal receivers: what changes refresh which pages (connected from PagecacheConfig.ready)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from newsdesk.pagecache import services

UID = "newsdesk-pagecache"


def article_changed(sender, article, **kwargs):
    """An article was saved or deleted, or something on its page changed (a comment)."""
    services.invalidate_article(article.pk)


def site_changed(sender, **kwargs):
    """Something on every page changed: site or consent settings."""
    services.invalidate_site()


def navigation_changed(sender, instance, **kwargs):
    """Categories are in every page's navigation; authors and tags in many bylines and lists."""
    if not kwargs.get("raw"):
        services.invalidate_site()


def reference_changed(sender, instance, **kwargs):
    """References are saved after their article (admin inlines): refresh its page again."""
    if not kwargs.get("raw"):
        services.invalidate([services.article_tag(instance.article_id)])


def relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags or authors added to or removed from articles outside a save (`article.tags.add`)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = set(pk_set or ()) if reverse else {instance.pk}
    services.invalidate([services.LISTINGS, *(services.article_tag(pk) for pk in pks)])


def connect():
    from newsdesk.core.signals import site_changed as site_changed_signal
    from newsdesk.publishing import signals
    from newsdesk.publishing.models import Article, Author, Category, Reference, Tag

    signals.article_changed.connect(article_changed, dispatch_uid=UID)
    site_changed_signal.connect(site_changed, dispatch_uid=UID)
    for model in (Category, Tag, Author):
        post_save.connect(navigation_changed, sender=model, dispatch_uid=UID)
        post_delete.connect(navigation_changed, sender=model, dispatch_uid=UID)
    post_save.connect(reference_changed, sender=Reference, dispatch_uid=UID)
    post_delete.connect(reference_changed, sender=Reference, dispatch_uid=UID)
    for through in (Article.tags.through, Article.authors.through):
        m2m_changed.connect(relations_changed, sender=through, dispatch_uid=UID)
