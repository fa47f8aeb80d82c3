"""Full-text search with PostgreSQL's tsvector, over the same search documents.

The 'english' configuration stems English words; Chinese characters, stored one
per token, pass through it unchanged and are matched as phrases, as on SQLite.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Replace

from newsdesk.syndication.models import SearchDocument
from newsdesk.syndication.search.query import AllOf, Phrase
from newsdesk.syndication.search.results import (
    MARK_END,
    MARK_START,
    Hit,
    Results,
    has_match,
    highlighted,
)
from newsdesk.syndication.search.text import CJK, SEPARATOR

CONFIG = "english"
# ts_headline returns Chinese as "青 川": drop the spaces the index put between characters.
_SPACED_CJK = re.compile(f"([{CJK}][{MARK_START}{MARK_END}]?) (?=[{MARK_START}{MARK_END}]?[{CJK}])")


def _text(field):
    return Replace(F(field), Value(SEPARATOR), Value(" "))


def _vector(*weighted):
    vector = None
    for field, weight in weighted:
        part = SearchVector(_text(field), config=CONFIG, weight=weight)
        vector = part if vector is None else vector + part
    return vector


def _tsquery(node):
    if isinstance(node, Phrase):
        return SearchQuery(" ".join(node.tokens), search_type="phrase", config=CONFIG)
    parts = [_tsquery(part) for part in node.parts]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part if isinstance(node, AllOf) else combined | part
    return combined


def _query(query):
    tsquery = _tsquery(query.positive())
    for term in query.excluded:
        tsquery = tsquery & ~_tsquery(term)
    return tsquery


def _joined(text):
    return _SPACED_CJK.sub(r"\1", text or "")


def search(query, filters):
    tsquery = _query(query)
    documents = SearchDocument.objects.filter(
        article__status="published", article__published_at__lte=filters.now,
    ).annotate(
        vector=_vector(("title", "A"), ("keywords", "B"), ("summary", "B"), ("body", "C")),
    ).filter(vector=tsquery)
    if filters.language:
        documents = documents.filter(article__language=filters.language)
    if filters.category_ids:
        documents = documents.filter(article__category_id__in=filters.category_ids)
    if filters.order == "newest":
        documents = documents.order_by("-article__published_at", "-article_id")
    else:
        documents = documents.annotate(
            title_vector=_vector(("title", "A")),
            rank=SearchRank(F("vector"), tsquery),
        ).annotate(
            title_hit=Case(When(title_vector=tsquery, then=1), default=0,
                           output_field=IntegerField()),
        ).order_by("-title_hit", "-rank", "-article__published_at")

    def headline(field):
        return SearchHeadline(
            _text(field), tsquery, config=CONFIG, start_sel=MARK_START, stop_sel=MARK_END,
            max_words=30, min_words=12, fragment_delimiter=" … ",
        )

    def fetch(offset, limit):
        page = documents.select_related("article__category").prefetch_related(
            "article__authors"
        ).annotate(
            title_html=headline("title"), summary_html=headline("summary"),
            body_html=headline("body"),
        )[offset:offset + limit]
        hits = []
        for document in page:
            article = document.article
            snippet = next(
                (text for text in (document.summary_html, document.body_html) if has_match(text)),
                article.summary,
            )
            hits.append(Hit(article, highlighted(_joined(document.title_html)),
                            highlighted(_joined(snippet))))
        return hits

    return Results(documents.count, fetch)
