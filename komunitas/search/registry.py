"""The sources of the search: every app registers the models it wants found.

A source says, for one model, how an object reads in the index (a ``Document``) and which objects
a user may see (a ``visible_to(user)`` queryset built on ``komunitas.permissions``). The search
app keeps the index current with signals it connects for every registered model, and answers a
query with only what ``visible_to`` allows. See docs/search.md.

    from komunitas.search.registry import Document, register

    def resource_document(resource):
        if resource.deleted_at:
            return None                      # None: not in the index at all
        return Document(title=resource.title, body=resource.description, ...)

    register(
        "pustaka.resource",
        model=Resource,
        label=_("Library"),
        document=resource_document,
        visible_to=Resource.objects.visible_to,
    )
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models

# What a source may not put in its key: the kind filter joins a key and a kind with ":".
_KEY_FORBIDDEN = (":", " ", "|")


@dataclass
class Document:
    """One object as the search sees it.

    ``body`` is plain text (turn Markdown into words with ``komunitas.lib.markdown.plain_text``);
    it is shown in snippets, escaped. ``community`` is the community the object belongs to (None
    for things that belong to none); it is used for the community filter, never for permission,
    which is always the source's ``visible_to``. ``context`` is shown with the result but not
    searched, e.g. a reply's post title (so a thread is not found once per reply by its title);
    an object with an empty ``title`` is shown under its ``context``.
    ``created_at`` is the day a reader knows the object by, shown with the result and used by
    the date filters: when it was written, but when it takes place for a meeting.
    """

    title: str
    url: str
    created_at: datetime.datetime
    body: str = ""
    context: str = ""
    community: models.Model | None = None
    author: models.Model | None = None
    kind: str = ""
    tags: Sequence[str] = ()
    solved: bool | None = None


@dataclass(frozen=True)
class Source:
    key: str
    model: type[models.Model]
    label: str
    document: Callable[[models.Model], Document | None]
    visible_to: Callable[[models.Model], models.QuerySet]
    kinds: Sequence[tuple[str, str]] = ()
    queryset: Callable[[], models.QuerySet] | None = None
    related: dict[type[models.Model], Callable[[models.Model], Iterable]] = field(
        default_factory=dict
    )
    solved_label: str = ""

    def objects(self) -> models.QuerySet:
        """Every object of the source, as the reindex command reads them."""
        return self.queryset() if self.queryset else self.model._default_manager.all()

    def kind_label(self, kind: str) -> str:
        return dict(self.kinds).get(kind, "") if kind else ""


_SOURCES: dict[str, Source] = {}

# The places a search can be narrowed to (the communities a user may see, and their own ones),
# given by the app that owns them (communities/search.py), so that search imports no app above it.
_PLACES: dict[str, Callable] = {}


def register_places(*, visible_to: Callable, of_member: Callable) -> None:
    """``visible_to(user)``: every place the user may see; ``of_member(user)``: their own."""
    _PLACES.update(visible_to=visible_to, of_member=of_member)


def places(which: str, user):
    """The places of ``user`` (``which``: "visible_to" or "of_member"), as a queryset."""
    return _PLACES[which](user)


def register(
    key: str,
    *,
    model: type[models.Model],
    label: str,
    document: Callable[[models.Model], Document | None],
    visible_to: Callable[[models.Model], models.QuerySet],
    kinds: Sequence[tuple[str, str]] = (),
    queryset: Callable[[], models.QuerySet] | None = None,
    related: dict[type[models.Model], Callable[[models.Model], Iterable]] | None = None,
    solved_label: str = "",
) -> Source:
    """Make ``model`` searchable under ``key`` (e.g. ``"discussions.post"``).

    - ``label``: what the kind filter and the results call it (a lazy translation).
    - ``document(obj)``: the object as a ``Document``, or None to keep it out of the index (hidden,
      deleted, a draft, in a deleted community ...). Called after every save.
    - ``visible_to(user)``: a queryset of the objects the user may see. Every query is filtered
      through it, so a private community's content never reaches an outsider.
    - ``kinds``: choices of ``Document.kind`` to offer in the kind filter (optional).
    - ``queryset()``: the objects to index, with the ``select_related`` that ``document`` needs
      (optional; the reindex command and the signal handlers read objects through it).
    - ``related``: ``{OtherModel: fn(other) -> objects of this source}`` for objects whose
      document depends on another model, e.g. a reply's community is its post's, so a moved post
      re-indexes its replies. Saving or deleting an ``OtherModel`` re-indexes what ``fn`` returns.
    - ``solved_label``: what a result with ``solved=True`` is marked (default "solved").
    """
    if any(char in key for char in _KEY_FORBIDDEN) or not key:
        raise ValueError(f"A search source key may not contain {_KEY_FORBIDDEN!r}: {key!r}")
    if key in _SOURCES:
        raise ValueError(f"The search source {key!r} is already registered")
    source = Source(
        key=key,
        model=model,
        label=label,
        document=document,
        visible_to=visible_to,
        kinds=tuple(kinds),
        queryset=queryset,
        related=dict(related or {}),
        solved_label=solved_label,
    )
    _SOURCES[key] = source
    from komunitas.search.signals import connect  # the signals need the source registered

    connect(source)
    return source


def sources() -> list[Source]:
    return list(_SOURCES.values())


def get_source(key: str) -> Source | None:
    return _SOURCES.get(key)


def sources_for_model(model: type[models.Model]) -> list[Source]:
    return [source for source in _SOURCES.values() if source.model is model]
