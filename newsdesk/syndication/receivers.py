"""Keep the search index in step with articles, their tags, authors and categories."""

from django.db.models.signals import m2m_changed, post_save

from newsdesk.publishing.models import Article, Author, Category, Tag
from newsdesk.publishing.signals import article_changed
from newsdesk.syndication import search


def _article_changed(sender, article, **kwargs):
    search.index_article(article.pk)


def _relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Tags and authors are saved after the article: index again when they change."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        search.index_article(instance.pk)
    elif pk_set:
        search.index_articles(pk_set)


def _name_changed(sender, instance, raw=False, created=False, **kwargs):
    """A renamed tag, author or category changes the keywords of its articles."""
    if raw or created:
        return
    search.index_articles(instance.articles.values_list("pk", flat=True))


def fill_empty_index(sender, using="default", **kwargs):
    """After migrate: index existing articles once, when the index is new and empty."""
    from newsdesk.syndication.models import SearchDocument

    if using != "default" or SearchDocument.objects.using(using).exists():
        return
    if Article.objects.using(using).filter(status=Article.Status.PUBLISHED).exists():
        search.rebuild()


def connect():
    article_changed.connect(_article_changed, dispatch_uid="syndication-index-article")
    for relation in (Article.tags.through, Article.authors.through):
        m2m_changed.connect(_relations_changed, sender=relation,
                            dispatch_uid=f"syndication-index-{relation.__name__}")
    for model in (Tag, Author, Category):
        post_save.connect(_name_changed, sender=model,
                          dispatch_uid=f"syndication-index-{model.__name__}")
