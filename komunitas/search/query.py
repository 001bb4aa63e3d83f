"""Asking the index: what matches, filtered, ranked, and only what the user may see."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from komunitas.search import facets
from komunitas.search.backends import backend
from komunitas.search.models import TAG_SEPARATOR, SearchEntry, pack_tags
from komunitas.search.registry import get_source, sources
from komunitas.search.text import Term, parse_query


@dataclass
class Query:
    """What a member asks for. Every field is optional; ``words`` are matched in any form."""

    words: str = ""
    source: str = ""  # a source key, e.g. "discussions.post"
    kind: str = ""  # one of that source's kinds, e.g. "question"
    community: object = None
    tag: str = ""
    solved: bool | None = None
    author: object = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    newest_first: bool = False

    @property
    def terms(self) -> list[Term]:
        return parse_query(self.words)

    def is_narrowed(self) -> bool:
        """Whether a filter (not only words) limits what is searched."""
        return bool(
            self.source
            or self.community
            or self.tag
            or self.solved is not None
            or self.author
            or self.start
            or self.end
        )

    def is_empty(self) -> bool:
        return not (self.terms or self.is_narrowed())


def ranked_window() -> int:
    """How many of the newest matches a search ranks at most (see backends.py)."""
    return getattr(settings, "SEARCH_RANKED_WINDOW", 2000)


def query_facets(query: Query) -> list[str]:
    """The facet tokens of the query's filters (facets.py): on SQLite FTS5 narrows by them."""
    tokens = []
    if query.source and query.kind:  # the kind's token names its source too
        tokens.append(facets.token(facets.KIND, facets.kind_value(query.source, query.kind)))
    elif query.source:
        tokens.append(facets.token(facets.SOURCE, query.source))
    if query.community:
        tokens.append(
            facets.token(facets.COMMUNITY, getattr(query.community, "pk", query.community))
        )
    if query.author:
        tokens.append(facets.token(facets.AUTHOR, getattr(query.author, "pk", query.author)))
    if query.solved is not None:
        tokens.append(facets.token(facets.SOLVED, query.solved))
    if query.tag and (packed := pack_tags([query.tag])):
        tokens.append(facets.token(facets.TAG, packed.strip(TAG_SEPARATOR)))
    return tokens


def visible_entries(user, source_key: str = "") -> QuerySet:
    """Entries of the objects ``user`` may see: each source's ``visible_to(user)``, no other.

    With ``source_key`` only that source's entries (and only its permission is built: building
    every source's query costs more than running it on a few thousand entries)."""
    if not getattr(user, "is_authenticated", False):
        return SearchEntry.objects.none()
    allowed = [
        Q(source=source.key) & Exists(source.visible_to(user).filter(pk=OuterRef("object_id")))
        for source in sources()
        if not source_key or source.key == source_key
    ]
    if not allowed:
        return SearchEntry.objects.none()
    return SearchEntry.objects.filter(Q(*allowed, _connector=Q.OR))


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(entries: QuerySet, query: Query, *, by_facets: bool = False) -> QuerySet:
    """``entries`` narrowed by the query's filters; with ``by_facets`` only by those the FTS5
    table does not narrow by itself (the dates): the same rows, and SQLite then reads the
    full-text table first instead of scanning an index of the entries."""
    if not by_facets:
        if query.source:
            entries = entries.filter(source=query.source)
            if query.kind:
                entries = entries.filter(kind=query.kind)
        if query.community:
            entries = entries.filter(community=query.community)
        if query.tag and (packed := pack_tags([query.tag])):
            entries = entries.filter(tags__contains=packed)  # "|tag|": one whole tag
        if query.solved is not None:
            entries = entries.filter(solved=query.solved)
        if query.author:
            entries = entries.filter(author=query.author)
    if query.start:
        entries = entries.filter(created_at__gte=_day_start(query.start))
    if query.end:
        entries = entries.filter(created_at__lt=_day_start(query.end + datetime.timedelta(days=1)))
    return entries


def _visible_ids(user, rows) -> list[int]:
    """Of ``(entry id, source, object id)`` rows (a window: at most ``ranked_window()``), the
    entry ids whose object ``user`` may see: one ``visible_to(user)`` query per source present,
    over the window's object ids, which PostgreSQL runs as index lookups (an ``EXISTS`` per entry
    it plans as building every source's whole visible set)."""
    if not getattr(user, "is_authenticated", False):
        return []
    by_source: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pk, key, object_id in rows:
        by_source[key].append((pk, object_id))
    ids = []
    for key, pairs in by_source.items():
        source = get_source(key)
        if source is None:
            continue
        wanted = [object_id for _pk, object_id in pairs]
        allowed = set(source.visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))
        ids += [pk for pk, object_id in pairs if object_id in allowed]
    return ids


@dataclass
class Found:
    """What ``find`` answers: the entries, best first, and whether only the newest matches were
    ranked (``windowed``: more than ``ranked_window()`` entries match the words and filters)."""

    entries: QuerySet
    windowed: bool = False


def find(user, query: Query) -> Found:
    """The entries that answer ``query`` for ``user``, best first (or newest first).

    With words, only the newest ``ranked_window()`` matches of the words and filters (whoever may
    see them) are read and ranked: a very common word, with or without a filter, costs the same
    as a word matching that many things. One query finds where the window starts.
    """
    terms = query.terms
    if not terms:
        entries = _filtered(visible_entries(user, query.source), query)
        return Found(entries.select_related("community", "author").order_by("-created_at", "-pk"))
    engine = backend()
    tokens = query_facets(query)
    by_facets = engine.has_facets
    # The window is found among the matches whoever may see them: the same for every member,
    # and no permission is checked for the matches it skips.
    floor, windowed = engine.window(
        _filtered(SearchEntry.objects.all(), query, by_facets=by_facets),
        terms,
        tokens,
        ranked_window(),
    )
    if engine.permission_by_ids:
        candidates = engine.match(
            _filtered(SearchEntry.objects.all(), query), terms, floor=floor, rank=False
        )
        ids = _visible_ids(user, candidates.values_list("pk", "source", "object_id"))
        entries = engine.match(SearchEntry.objects.filter(pk__in=ids), terms)
    else:
        entries = _filtered(visible_entries(user, query.source), query, by_facets=by_facets)
        entries = engine.match(entries, terms, facets=tokens, floor=floor)
    order = ["-created_at", "-pk"] if query.newest_first else ["-rank", "-created_at"]
    return Found(entries.select_related("community", "author").order_by(*order), windowed)


def search(user, query: Query) -> QuerySet:
    """The entries that answer ``query`` for ``user``, best first (or newest first)."""
    return find(user, query).entries


def is_windowed(query: Query) -> bool:
    """Whether a search ranks only the newest matches for this query (too many match)."""
    terms = query.terms
    if not terms:
        return False
    engine = backend()
    candidates = _filtered(SearchEntry.objects.all(), query, by_facets=engine.has_facets)
    return engine.window(candidates, terms, query_facets(query), ranked_window())[1]
