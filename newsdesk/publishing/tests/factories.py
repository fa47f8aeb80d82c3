"""Small builders for test rows; plain functions, no factory library needed."""

import datetime
import itertools

from django.utils import timezone

from newsdesk.publishing.models import Article, Author, Category

_sequence = itertools.count(1)


def make_author(name=None, **fields):
    return Author.objects.create(name=name or f"Author {next(_sequence)}", **fields)


def make_category(name="City", **fields):
    return Category.objects.create(name=name, **fields)


def make_article(title=None, *, days_ago=1.0, status=Article.Status.PUBLISHED, authors=(),
                 **fields):
    """A published article, `days_ago` days old unless told otherwise."""
    fields.setdefault("body", "Some *text*.")
    if status == Article.Status.PUBLISHED and "published_at" not in fields:
        fields["published_at"] = timezone.now() - datetime.timedelta(days=days_ago)
    article = Article.objects.create(
        title=title or f"Article {next(_sequence)}", status=status, **fields
    )
    if authors:
        article.authors.set(authors)
    return article
