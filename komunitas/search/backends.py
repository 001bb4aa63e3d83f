"""Full text on each database: SQLite FTS5 or PostgreSQL's text search, behind one interface.

Both give the same answers: a query's terms must all match, each in any of its forms (see
``text.parse_query``); titles weigh more than tags, tags more than the body.
"""

from django.db import connection

from komunitas.search.text import Term, stemmed

FTS_TABLE = "search_fts"
ENTRY_TABLE = "search_searchentry"


class SQLiteBackend:
    """An FTS5 table of stems, rowid = the entry's id, written beside every entry."""

    def write(self, entries) -> None:
        rows = [
            (entry.pk, stemmed(entry.title), stemmed(entry.body), stemmed(entry.tags))
            for entry in entries
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608
                [(row[0],) for row in rows],
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, tags) VALUES (%s, %s, %s, %s)",  # noqa: S608
                rows,
            )

    def delete(self, entry_ids) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608
                [(pk,) for pk in entry_ids],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608

    @staticmethod
    def _expression(terms: list[Term]) -> str:
        def quoted(form: str) -> str:
            return '"' + form.replace('"', '""') + '"'

        return " AND ".join(
            "(" + " OR ".join(quoted(form) for form in sorted(term.forms)) + ")" for term in terms
        )

    def match(self, queryset, terms: list[Term]):
        return queryset.extra(  # noqa: S610  (FTS5 needs its table joined; values are parameters)
            select={"rank": f"-bm25({FTS_TABLE}, 5.0, 1.0, 2.0)"},
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {ENTRY_TABLE}.id", f"{FTS_TABLE} MATCH %s"],
            params=[self._expression(terms)],
        )


class PostgresBackend:
    """A generated tsvector column (``indonesian`` configuration) with a GIN index.

    PostgreSQL computes the column itself on every insert and update, so writing needs nothing.
    """

    def write(self, entries) -> None:
        pass

    def delete(self, entry_ids) -> None:
        pass

    def clear(self) -> None:
        pass

    @staticmethod
    def _tsquery(terms: list[Term]) -> tuple[str, list[str]]:
        # Each word as Snowball stems it, or as it is (a stem of a longer word): see text.py.
        part = "(plainto_tsquery('indonesian', %s) || plainto_tsquery('simple', %s))"
        sql = " && ".join(part for _term in terms)
        params = [value for term in terms for value in (term.word, term.word)]
        return f"({sql})", params

    def match(self, queryset, terms: list[Term]):
        query, params = self._tsquery(terms)
        document = f"{ENTRY_TABLE}.document"
        return queryset.extra(  # noqa: S610  (the tsvector column is not a model field)
            select={"rank": f"ts_rank({document}, {query}, 1)"},
            select_params=params,
            where=[f"{document} @@ {query}"],
            params=params,
        )


def backend() -> SQLiteBackend | PostgresBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {connection.vendor}")
