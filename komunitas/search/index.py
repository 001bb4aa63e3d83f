"""Writing the index: an object's document in, a removed object out, everything again.

The signal handlers (signals.py) and the ``reindex`` command call these; an app that changes
objects with ``QuerySet.update()`` (which sends no signal) calls ``refresh(obj)`` itself.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from komunitas.search.backends import backend
from komunitas.search.models import SearchEntry, pack_tags
from komunitas.search.registry import Document, Source, get_source, sources, sources_for_model

CHUNK = 500
FIELDS = [
    "community_id", "author_id", "kind", "tags", "solved", "title", "context", "body", "url",
    "created_at",
]  # fmt: skip


def _fields(document: Document) -> dict:
    community = document.community
    author = document.author
    return {
        "community_id": getattr(community, "pk", community),
        "author_id": getattr(author, "pk", author),
        "kind": document.kind or "",
        "tags": pack_tags(document.tags),
        "solved": document.solved,
        "title": str(document.title)[:300],
        "context": str(document.context)[:300],
        "body": document.body or "",
        "url": document.url,
        "created_at": document.created_at,
    }


@transaction.atomic
def index_objects(source: Source, objects) -> int:
    """Write the documents of ``objects`` (one source) and drop those that have none.

    Returns how many are in the index now. Reads the existing entries in one query and writes
    them in bulk, so a chunk costs a handful of queries whatever its size.
    """
    objects = list(objects)
    if not objects:
        return 0
    documents = {obj.pk: source.document(obj) for obj in objects}
    existing = {
        entry.object_id: entry
        for entry in SearchEntry.objects.filter(source=source.key, object_id__in=list(documents))
    }
    gone = [existing[pk].pk for pk, doc in documents.items() if doc is None and pk in existing]
    changed, new = [], []
    for pk, document in documents.items():
        if document is None:
            continue
        entry = existing.get(pk) or SearchEntry(source=source.key, object_id=pk)
        for name, value in _fields(document).items():
            setattr(entry, name, value)
        (changed if entry.pk else new).append(entry)
    if gone:
        SearchEntry.objects.filter(pk__in=gone).delete()
    if changed:
        now = timezone.now()
        for entry in changed:
            entry.indexed_at = now
        SearchEntry.objects.bulk_update(changed, [*FIELDS, "indexed_at"])
    if new:
        SearchEntry.objects.bulk_create(new)
    backend().write(changed + new)
    return len(changed) + len(new)


def remove(source_key: str, object_ids) -> None:
    entries = SearchEntry.objects.filter(source=source_key, object_id__in=list(object_ids))
    entries.delete()


def refresh(obj) -> None:
    """Bring ``obj`` (of any registered model) up to date in the index, reading it afresh."""
    for source in sources_for_model(type(obj)):
        refresh_ids(source.key, [obj.pk])


def refresh_ids(source_key: str, object_ids) -> None:
    source = get_source(source_key)
    ids = list(object_ids)
    if source is None or not ids:
        return
    found = list(source.objects().filter(pk__in=ids))
    index_objects(source, found)
    missing = set(ids) - {obj.pk for obj in found}
    if missing:
        remove(source.key, missing)


def reindex(source_keys=None, log=None) -> dict[str, int]:
    """Rebuild the index: every object of every source (or of the given ones) written afresh,
    entries of objects or sources that no longer exist dropped. Safe to run at any time."""
    counts: dict[str, int] = {}
    chosen = [s for s in sources() if source_keys is None or s.key in source_keys]
    if source_keys is None:
        stale = SearchEntry.objects.exclude(source__in=[s.key for s in chosen])
        _delete_entries(stale)
    for source in chosen:
        total, batch = 0, []
        for obj in source.objects().iterator(chunk_size=CHUNK):
            batch.append(obj)
            if len(batch) == CHUNK:
                total += index_objects(source, batch)
                batch = []
        total += index_objects(source, batch)
        # NOT EXISTS, not NOT IN: PostgreSQL runs NOT IN over a large subquery row by row
        # (minutes for 150,000 replies); an anti-join takes a moment on both databases.
        alive = source.objects().filter(pk=OuterRef("object_id"))
        orphans = SearchEntry.objects.filter(source=source.key).exclude(Exists(alive))
        _delete_entries(orphans)
        counts[source.key] = total
        if log:
            log(source.key, total)
    return counts


def _delete_entries(queryset) -> None:
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        SearchEntry.objects.filter(pk__in=ids[start : start + CHUNK]).delete()
