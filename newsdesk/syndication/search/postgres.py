"""Full-text search with PostgreSQL's tsvector, over the same search documents.

The configuration (migration 0003) stems English words with PostgreSQL's
snowball stemmer and, like SQLite's porter tokenizer, drops no stopwords;
Chinese characters, stored one per token, pass through it unchanged and are
matched as phrases, as on SQLite.
No index on the vectors yet: fine for thousands of articles; a GIN expression
index is the next step for large archives.
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import Case, F, IntegerField, TextField, Value, When
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
from newsdesk.syndication.search.text import SEPARATOR

CONFIG = "newsdesk_english"


# The index's zero-width space becomes \x01 for PostgreSQL: an ASCII control character
# separates words in every locale (in the C locale any non-ASCII character is a
# letter), and the text in the index never contains it (text.strip_control).
PG_SEPARATOR = "\x01"


def _text(field):
    return Replace(F(field), Value(SEPARATOR), Value(PG_SEPARATOR), output_field=TextField())


def _shown(text):
    return (text or "").replace(PG_SEPARATOR, "")


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

    def headline(field, whole=False):
        # Whole: titles and summaries entire (ts_headline drops tag-like text otherwise).
        options = {"highlight_all": True} if whole else {
            "max_words": 30, "min_words": 12, "max_fragments": 2, "fragment_delimiter": " … "}
        return SearchHeadline(
            _text(field), tsquery, config=CONFIG, start_sel=MARK_START, stop_sel=MARK_END,
            **options,
        )

    def fetch(offset, limit):
        page = documents.select_related("article__category").prefetch_related(
            "article__authors"
        ).annotate(
            title_html=headline("title", whole=True), summary_html=headline("summary", whole=True),
            body_html=headline("body"),
        )[offset:offset + limit]
        hits = []
        for document in page:
            article = document.article
            snippet = next(
                (_shown(text) for text in (document.summary_html, document.body_html)
                 if has_match(text)),
                article.summary,
            )
            hits.append(Hit(article, highlighted(_shown(document.title_html)),
                            highlighted(snippet)))
        return hits

    return Results(documents.count, fetch)
