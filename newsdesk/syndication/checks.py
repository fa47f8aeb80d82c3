"""System checks: the SQLite build must have FTS5 for search to work."""

from django.core.checks import Error, register
from django.db import connection


@register("database")
def check_fts5(app_configs=None, databases=None, **kwargs):
    if connection.vendor != "sqlite" or "default" not in (databases or ()):
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        enabled = cursor.fetchone()[0]
    if enabled:
        return []
    return [Error(
        "This Python's SQLite library has no FTS5 full-text search.",
        hint="Use a Python built with a current SQLite (Debian's python3 has it) "
             "or run newsdesk on PostgreSQL (DATABASE_URL).",
        id="syndication.E001",
    )]
