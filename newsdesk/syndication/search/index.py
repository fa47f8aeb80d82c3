"""Keep the search documents in step with the published articles."""

from newsdesk.publishing.models import Article
from newsdesk.syndication.models import SearchDocument
from newsdesk.syndication.search.text import index_text, plain_text


def _indexable():
    # Scheduled articles are indexed too: searches filter on publication time,
    # because nothing happens at the moment a scheduled article goes live.
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .select_related("category").prefetch_related("tags", "authors")
    )


def document_fields(article):
    keywords = [tag.name for tag in article.tags.all()]
    keywords += [author.name for author in article.authors.all()]
    if article.category:
        keywords.append(article.category.name)
    return {
        "title": index_text(article.title),
        "keywords": index_text(" · ".join(keywords)),
        "summary": index_text(article.summary),
        "body": index_text(plain_text(article.body_html)),
    }


def index_article(article_id):
    """Index one article as it is in the database now, or drop it if it is not published."""
    article = _indexable().filter(pk=article_id).first()
    if article is None:
        SearchDocument.objects.filter(article_id=article_id).delete()
        return False
    SearchDocument.objects.update_or_create(article=article, defaults=document_fields(article))
    return True


def index_articles(article_ids):
    for article_id in set(article_ids):
        index_article(article_id)


def rebuild(progress=None):
    """Index every published article again and drop stale documents; returns (indexed, removed)."""
    indexed = 0
    for article in _indexable().iterator(chunk_size=200):
        SearchDocument.objects.update_or_create(article=article, defaults=document_fields(article))
        indexed += 1
        if progress:
            progress(indexed)
    stale = SearchDocument.objects.exclude(article__status=Article.Status.PUBLISHED)
    removed, _ = stale.delete()
    return indexed, removed
