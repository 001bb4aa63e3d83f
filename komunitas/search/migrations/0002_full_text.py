"""The full-text part of the index, per database.

SQLite: an FTS5 virtual table of stems (rowid = the entry's id); the search app writes it beside
every entry. PostgreSQL: a generated tsvector column with the ``indonesian`` configuration
(title weighs A, tags B, body C) and a GIN index; PostgreSQL keeps it current by itself.
Each runs only on its own database, so the migration applies on both.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, tags, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('indonesian'::regconfig, title), 'A') || "
    "setweight(to_tsvector('indonesian'::regconfig, replace(tags, '|', ' ')), 'B') || "
    "setweight(to_tsvector('indonesian'::regconfig, body), 'C')) STORED",
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


def _require_fts5(connection):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA compile_options")
        options = {row[0] for row in cursor.fetchall()}
    if "ENABLE_FTS5" not in options:
        raise RuntimeError(
            "This SQLite was built without FTS5, which the search needs. Use Python's own "
            "sqlite3 (3.9 or newer ships it) or set DATABASE_URL to PostgreSQL."
        )


FORWARD = {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}
BACKWARD = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _require_fts5(schema_editor.connection)
    for statement in FORWARD.get(vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    for statement in BACKWARD.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entry")]

    operations = [migrations.RunPython(forward, backward)]
