"""SQLite: the FTS5 table gets a fourth column, ``facets``, the filters as tokens (facets.py), so
FTS5 narrows a filtered search by itself. FTS5 cannot add a column: the table is built anew
beside the old one, filled from it (the stems are kept) and the entries (the facets), then put in
its place. `komunitas reindex` writes the same. PostgreSQL: nothing changes.
"""

from django.db import migrations

from komunitas.search.facets import entry_tokens

CHUNK = 2000
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"


def _facets(source, kind, community_id, author_id, solved, tags) -> str:
    tag_list = [tag for tag in (tags or "").split("|") if tag]
    solved = None if solved is None else bool(solved)
    return " ".join(
        entry_tokens(
            source=source,
            kind=kind,
            community_id=community_id,
            author_id=author_id,
            solved=solved,
            tags=tag_list,
        )
    )


def _rebuild(schema_editor, columns: str, with_facets: bool) -> None:
    schema_editor.execute("DROP TABLE IF EXISTS search_fts_new")
    schema_editor.execute(f"CREATE VIRTUAL TABLE search_fts_new USING fts5({columns}, {TOKENIZE})")
    with schema_editor.connection.cursor() as cursor:
        last = 0
        while True:
            cursor.execute(
                "SELECT f.rowid, f.title, f.body, f.tags, e.source, e.kind, e.community_id,"
                " e.author_id, e.solved, e.tags FROM search_fts f"
                " JOIN search_searchentry e ON e.id = f.rowid"
                " WHERE f.rowid > %s ORDER BY f.rowid LIMIT %s",
                [last, CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            if with_facets:
                values = [(*row[:4], _facets(*row[4:])) for row in rows]
                sql = "INSERT INTO search_fts_new (rowid, title, body, tags, facets) VALUES (%s, %s, %s, %s, %s)"
            else:
                values = [row[:4] for row in rows]
                sql = "INSERT INTO search_fts_new (rowid, title, body, tags) VALUES (%s, %s, %s, %s)"
            cursor.executemany(sql, values)
    schema_editor.execute("DROP TABLE search_fts")
    schema_editor.execute("ALTER TABLE search_fts_new RENAME TO search_fts")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _rebuild(schema_editor, "title, body, tags, facets", with_facets=True)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _rebuild(schema_editor, "title, body, tags", with_facets=False)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_add_context")]

    operations = [migrations.RunPython(forward, backward)]
