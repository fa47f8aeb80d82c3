"""PostgreSQL: a text search configuration that stems English like SQLite's porter
tokenizer does and, like it, drops no stopwords ("the", "after" are searchable)."""

from django.db import migrations

CONFIG = "newsdesk_english"
DICTIONARY = "newsdesk_english_stem"

CREATE = [
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
    f"DROP TEXT SEARCH DICTIONARY IF EXISTS {DICTIONARY}",
    f"CREATE TEXT SEARCH DICTIONARY {DICTIONARY} (TEMPLATE = snowball, LANGUAGE = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
    f"asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH {DICTIONARY}",
]
DROP = [
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
    f"DROP TEXT SEARCH DICTIONARY IF EXISTS {DICTIONARY}",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("syndication", "0002_search_fts5")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
