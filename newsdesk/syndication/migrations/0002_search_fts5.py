"""The SQLite FTS5 index over search documents, kept in step by triggers.

External content: FTS5 reads titles and text from syndication_searchdocument
for snippets, and stores only its index. Nothing to do on PostgreSQL, which
searches the documents directly.
"""

from django.db import migrations

TOKENIZER = "porter unicode61 remove_diacritics 2"
COLUMNS = "title, keywords, summary, body"
NEW = "new.title, new.keywords, new.summary, new.body"
OLD = "old.title, old.keywords, old.summary, old.body"
FTS = "syndication_search_fts"
DOCUMENTS = "syndication_searchdocument"

CREATE = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5({COLUMNS}, content='{DOCUMENTS}', "
    f"content_rowid='article_id', tokenize='{TOKENIZER}')",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON {DOCUMENTS} BEGIN "
    f"INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.article_id, {NEW}); END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {DOCUMENTS} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, {COLUMNS}) VALUES ('delete', old.article_id, {OLD}); END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON {DOCUMENTS} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, {COLUMNS}) VALUES ('delete', old.article_id, {OLD}); "
    f"INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES (new.article_id, {NEW}); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
DROP = [
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("syndication", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
