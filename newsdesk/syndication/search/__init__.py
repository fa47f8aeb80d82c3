"""Search over published articles: SQLite FTS5, or PostgreSQL full-text search.

    results = search("heat pump", language="en")   # a lazily paged sequence of Hits
    index_article(article.pk)                       # called by receivers.py on changes
    rebuild()                                       # `newsdesk search-index --rebuild`
"""

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, connection
from django.utils import timezone

from newsdesk.syndication.search.index import index_article, index_articles, rebuild
from newsdesk.syndication.search.query import parse
from newsdesk.syndication.search.results import EMPTY

__all__ = ["Filters", "index_article", "index_articles", "parse", "rebuild", "search"]

logger = logging.getLogger(__name__)
ORDERS = ("relevance", "newest")


@dataclass
class Filters:
    language: str = ""
    category_ids: set = field(default_factory=set)
    order: str = "relevance"
    now: object = field(default_factory=timezone.now)


def _backend():
    if connection.vendor == "postgresql":
        from newsdesk.syndication.search import postgres

        return postgres
    from newsdesk.syndication.search import sqlite

    return sqlite


def search(text, *, language="", category_ids=(), order="relevance"):
    """Published articles matching a reader's query, best first (or newest first).

    Returns (query, results): the parsed query (falsy when there was nothing to
    search for) and a sequence for Django's Paginator. A query the database
    rejects is logged and answers no results; readers never see an error.
    """
    query = parse(text)
    if not query:
        return query, EMPTY
    filters = Filters(language=language, category_ids=set(category_ids),
                      order=order if order in ORDERS else "relevance")
    results = _backend().search(query, filters)
    try:
        results.count()
    except DatabaseError:
        logger.exception("Search query failed: %r", query.fts5())
        return query, EMPTY
    return query, results
