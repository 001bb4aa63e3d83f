"""Full text on each database: SQLite FTS5 or PostgreSQL's text search, behind one interface.

Both give the same answers: a query's terms must all match, each in any of its forms (see
``text.parse_query``); titles weigh more than tags, tags more than the body.

Ranking costs time in proportion to the number of matches, and a very common word matches most
of the index. ``window(...)`` finds the id of the newest N-th match of a search (entry ids grow
in the order things were indexed) and ``match(..., floor=id)`` ranks only the matches from there
on: the query module always asks for both, so a search reads at most N matches, with or without
filters.
"""

from django.db import connection

from komunitas.search.facets import entry_tokens
from komunitas.search.text import Term, stemmed

FTS_TABLE = "search_fts"
ENTRY_TABLE = "search_searchentry"


def facets_of(entry) -> str:
    """The facet tokens of an entry as its FTS5 row holds them (see facets.py)."""
    return " ".join(
        entry_tokens(
            source=entry.source,
            kind=entry.kind,
            community_id=entry.community_id,
            author_id=entry.author_id,
            solved=entry.solved,
            tags=entry.tag_list,
        )
    )


class SQLiteBackend:
    """An FTS5 table of stems and facets, rowid = the entry's id, written beside every entry."""

    has_facets = True  # the filters are tokens of the FTS5 table (facets.py)
    permission_by_ids = False  # EXISTS per entry, as the query runs
    # title, body, tags, facets: the facets weigh nothing, so ranking is by the words alone.
    RANK = f"-bm25({FTS_TABLE}, 5.0, 1.0, 2.0, 0.0)"

    def write(self, entries) -> None:
        rows = [
            (
                entry.pk,
                stemmed(entry.title),
                stemmed(entry.body),
                stemmed(entry.tags),
                facets_of(entry),
            )
            for entry in entries
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s",  # noqa: S608
                [(row[0],) for row in rows],
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body, tags, facets) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s)",
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
    def _expression(terms: list[Term], facets=()) -> str:
        """Every term in the words' columns (any of its forms), every facet in ``facets``."""

        def quoted(form: str) -> str:
            return '"' + form.replace('"', '""') + '"'

        words = " AND ".join(
            "(" + " OR ".join(quoted(form) for form in sorted(term.forms)) + ")" for term in terms
        )
        parts = [f"{{title body tags}} : ({words})"] if words else []
        parts += [f"facets : {quoted(token)}" for token in facets]
        return " AND ".join(parts)

    def match(self, queryset, terms: list[Term], *, facets=(), floor=None, rank: bool = True):
        """``queryset`` narrowed to the entries matching ``terms`` and ``facets``, from entry id
        ``floor`` on, with their ``rank``."""
        where = [f"{FTS_TABLE}.rowid = {ENTRY_TABLE}.id", f"{FTS_TABLE} MATCH %s"]
        params: list = [self._expression(terms, facets)]
        if floor:
            # FTS5 takes a rowid range as a constraint of its own: it skips the older matches.
            where.append(f"{FTS_TABLE}.rowid >= %s")
            params.append(int(floor))
        return queryset.extra(  # noqa: S610  (FTS5 needs its table joined; values are parameters)
            select={"rank": self.RANK} if rank else None,
            tables=[FTS_TABLE],
            where=where,
            params=params,
        )

    def window(self, candidates, terms: list[Term], facets, newest: int) -> tuple[int | None, bool]:
        """The id of the ``newest``-th newest entry of ``candidates`` matching (None when fewer
        match), and whether more than ``newest`` match. FTS5 walks its matches newest first and
        stops there; with every filter a facet it never reads the entries table."""
        expression = self._expression(terms, facets)
        if not candidates.query.where:
            sql = (
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
                f"ORDER BY rowid DESC LIMIT 2 OFFSET {int(newest) - 1}"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [expression])
                found = [row[0] for row in cursor.fetchall()]
        else:
            found = list(
                candidates.extra(  # noqa: S610
                    select={"fts_rowid": f"{FTS_TABLE}.rowid"},
                    tables=[FTS_TABLE],
                    where=[f"{FTS_TABLE}.rowid = {ENTRY_TABLE}.id", f"{FTS_TABLE} MATCH %s"],
                    params=[expression],
                    order_by=["-fts_rowid"],
                ).values_list("fts_rowid", flat=True)[newest - 1 : newest + 1]
            )
        return (found[0] if found else None), len(found) > 1


class PostgresBackend:
    """A generated tsvector column (``indonesian`` configuration) with a GIN index.

    PostgreSQL computes the column itself on every insert and update, so writing needs nothing.
    """

    has_facets = False  # the filters are columns of the entries, with their own indexes
    # PostgreSQL plans an EXISTS per entry as a hashed subplan building each source's whole
    # visible set (seconds at district scale): the query module checks the window's ids instead.
    permission_by_ids = True

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

    def match(self, queryset, terms: list[Term], *, facets=(), floor=None, rank: bool = True):
        """As SQLite's; the filters are the queryset's own (btree and GIN indexes combine)."""
        query, params = self._tsquery(terms)
        document = f"{ENTRY_TABLE}.document"
        where, where_params = [f"{document} @@ {query}"], list(params)
        if floor:
            where.append(f"{ENTRY_TABLE}.id >= %s")
            where_params.append(int(floor))
        return queryset.extra(  # noqa: S610  (the tsvector column is not a model field)
            select={"rank": f"ts_rank({document}, {query}, 1)"} if rank else None,
            select_params=params if rank else None,
            where=where,
            params=where_params,
        )

    def window(self, candidates, terms: list[Term], facets, newest: int) -> tuple[int | None, bool]:
        query, params = self._tsquery(terms)
        found = list(
            candidates.extra(  # noqa: S610
                where=[f"{ENTRY_TABLE}.document @@ {query}"], params=params
            )
            .order_by("-pk")
            .values_list("pk", flat=True)[newest - 1 : newest + 1]
        )
        return (found[0] if found else None), len(found) > 1


def backend() -> SQLiteBackend | PostgresBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {connection.vendor}")
