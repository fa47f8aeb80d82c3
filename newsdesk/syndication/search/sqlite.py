"""Full-text search with SQLite FTS5 (the table and its triggers: migration 0002)."""

from django.db import connection

from newsdesk.publishing.models import Article
from newsdesk.syndication.search.results import (
    ELLIPSIS,
    MARK_END,
    MARK_START,
    Hit,
    Results,
    has_match,
    highlighted,
)

FTS_TABLE = "syndication_search_fts"
# Column weights for BM25: title, keywords (tags, authors, category), summary, body.
WEIGHTS = (10.0, 4.0, 3.0, 1.0)
# Snippet length in tokens: a Chinese token is one character, an English one a word.
SNIPPET_TOKENS = {"zh": 48, "other": 24}


def _where(query, filters):
    """The FROM and WHERE clauses shared by the count and the page queries."""
    article = connection.ops.quote_name(Article._meta.db_table)
    sql = (
        f" FROM {FTS_TABLE} JOIN {article} AS a ON a.id = {FTS_TABLE}.rowid"
        f" WHERE {FTS_TABLE} MATCH %s AND a.status = %s AND a.published_at <= %s"
    )
    params = [query.fts5(), Article.Status.PUBLISHED, filters.now]
    if filters.language:
        sql += " AND a.language = %s"
        params.append(filters.language)
    if filters.category_ids:
        sql += f" AND a.category_id IN ({', '.join(['%s'] * len(filters.category_ids))})"
        params.extend(sorted(filters.category_ids))
    return sql, params


def _snippet(column):
    return (
        f"CASE WHEN a.language LIKE 'zh%%' "
        f"THEN snippet({FTS_TABLE}, {column}, %s, %s, %s, {SNIPPET_TOKENS['zh']}) "
        f"ELSE snippet({FTS_TABLE}, {column}, %s, %s, %s, {SNIPPET_TOKENS['other']}) END"
    )


def search(query, filters):
    where, params = _where(query, filters)

    def count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*)" + where, params)
            return cursor.fetchone()[0]

    def fetch(offset, limit):
        markers = [MARK_START, MARK_END, ELLIPSIS]
        select = (
            f"SELECT {FTS_TABLE}.rowid, highlight({FTS_TABLE}, 0, %s, %s), "
            f"{_snippet(2)}, {_snippet(3)}"
        )
        select_params = [MARK_START, MARK_END, *markers, *markers, *markers, *markers]
        if filters.order == "newest":
            order = " ORDER BY a.published_at DESC, a.id DESC"
            order_params = []
        else:
            weights = ", ".join(str(weight) for weight in WEIGHTS)
            order = (
                f" ORDER BY ({FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE}"
                f" WHERE {FTS_TABLE} MATCH %s)) DESC,"
                f" bm25({FTS_TABLE}, {weights}), a.published_at DESC"
            )
            order_params = [query.fts5_in("title")]
        with connection.cursor() as cursor:
            cursor.execute(
                select + where + order + " LIMIT %s OFFSET %s",
                select_params + params + order_params + [limit, offset],
            )
            rows = cursor.fetchall()
        articles = Article.objects.for_listing().in_bulk([row[0] for row in rows])
        hits = []
        for article_id, title, summary, body in rows:
            if article_id not in articles:
                continue
            article = articles[article_id]
            snippet = next((text for text in (summary, body) if has_match(text)), article.summary)
            hits.append(Hit(article, highlighted(title), highlighted(snippet)))
        return hits

    return Results(count, fetch)
