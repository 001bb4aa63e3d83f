"""Asking the index: what matches, filtered, ranked, and only what the user may see."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from komunitas.search.backends import backend
from komunitas.search.models import SearchEntry, pack_tags
from komunitas.search.registry import sources
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
    """How many of the newest matches a search without filters ranks (see backends.py)."""
    return getattr(settings, "SEARCH_RANKED_WINDOW", 5000)


def is_windowed(query: Query) -> bool:
    """Whether ``search`` ranks only the newest matches for this query (too many match)."""
    terms = query.terms
    return (
        bool(terms)
        and not query.is_narrowed()
        and (backend().matches_more_than(terms, ranked_window()))
    )


def visible_entries(user) -> QuerySet:
    """Entries of the objects ``user`` may see: each source's ``visible_to(user)``, no other."""
    if not getattr(user, "is_authenticated", False):
        return SearchEntry.objects.none()
    allowed = Q(pk__in=[])
    for source in sources():
        mine = source.visible_to(user).filter(pk=OuterRef("object_id"))
        allowed |= Q(source=source.key) & Exists(mine)
    return SearchEntry.objects.filter(allowed)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def search(user, query: Query) -> QuerySet:
    """The entries that answer ``query`` for ``user``, best first (or newest first)."""
    entries = visible_entries(user)
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
    terms = query.terms
    if terms:
        # Without a filter a common word matches most of the index: rank the newest matches only.
        # With one, the filter keeps the work small and every match counts.
        window = None if query.is_narrowed() else ranked_window()
        entries = backend().match(entries, terms, newest=window)
    order = ["-created_at", "-pk"] if query.newest_first or not terms else ["-rank", "-created_at"]
    return entries.select_related("community", "author").order_by(*order)
