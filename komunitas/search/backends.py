"""Full text on each database: SQLite FTS5 or PostgreSQL's text search, behind one interface.

Both give the same answers: a query's terms must all match, each in any of its forms (see
``text.parse_query``); titles weigh more than tags, tags more than the body.

Ranking costs time in proportion to the number of matches, and a very common word matches most
of the index. ``match(..., newest=N)`` ranks only the newest N matches (by entry id, i.e. the
order things were indexed); the query module asks for it when no filter narrows the search.
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

    def match(self, queryset, terms: list[Term], *, newest: int | None = None):
        expression = self._expression(terms)
        where = [f"{FTS_TABLE}.rowid = {ENTRY_TABLE}.id", f"{FTS_TABLE} MATCH %s"]
        params = [expression]
        if newest:
            # FTS5 walks its matches by rowid (= entry id, in the order things were indexed)
            # and takes a rowid range as a constraint of its own: cheap at any size.
            where.append(f"{FTS_TABLE}.rowid >= ({self._floor_sql(newest)})")
            params.append(expression)
        return queryset.extra(  # noqa: S610  (FTS5 needs its table joined; values are parameters)
            select={"rank": f"-bm25({FTS_TABLE}, 5.0, 1.0, 2.0)"},
            tables=[FTS_TABLE],
            where=where,
            params=params,
        )

    @staticmethod
    def _floor_sql(newest: int) -> str:
        return (
            f"SELECT coalesce((SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
            f"ORDER BY rowid DESC LIMIT 1 OFFSET {int(newest) - 1}), 0)"
        )

    def matches_more_than(self, terms: list[Term], limit: int) -> bool:
        """Whether more than ``limit`` entries match, whoever may see them (one cheap query)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT 1 OFFSET {int(limit)}",  # noqa: S608
                [self._expression(terms)],
            )
            return cursor.fetchone() is not None


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
        # Each word as PostgreSQL's indonesian configuration stems it, or any of its other forms
        # (itself, its stem stemmed again) taken as a stored stem: see text.py.
        parts, params = [], []
        for term in terms:
            forms = sorted(term.forms)
            simple = " || ".join("plainto_tsquery('simple', %s)" for _form in forms)
            parts.append(f"(plainto_tsquery('indonesian', %s) || {simple})")
            params += [term.word, *forms]
        return "(" + " && ".join(parts) + ")", params

    def match(self, queryset, terms: list[Term], *, newest: int | None = None):
        query, params = self._tsquery(terms)
        document = f"{ENTRY_TABLE}.document"
        where, where_params = [f"{document} @@ {query}"], list(params)
        if newest:
            where.append(
                f"{ENTRY_TABLE}.id >= coalesce((SELECT id FROM {ENTRY_TABLE} WHERE document @@ "  # noqa: S608
                f"{query} ORDER BY id DESC LIMIT 1 OFFSET {int(newest) - 1}), 0)"
            )
            where_params += params
        return queryset.extra(  # noqa: S610  (the tsvector column is not a model field)
            select={"rank": f"ts_rank({document}, {query}, 1)"},
            select_params=params,
            where=where,
            params=where_params,
        )

    def matches_more_than(self, terms: list[Term], limit: int) -> bool:
        query, params = self._tsquery(terms)
        with connection.cursor() as cursor:
            offset = int(limit)
            sql = f"SELECT 1 FROM {ENTRY_TABLE} WHERE document @@ {query} LIMIT 1 OFFSET {offset}"  # noqa: S608
            cursor.execute(sql, params)
            return cursor.fetchone() is not None


def backend() -> SQLiteBackend | PostgresBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {connection.vendor}")
