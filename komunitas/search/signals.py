"""Keep the index current: after every save or delete of a registered model, once committed.

For each source the search app listens to ``post_save`` and ``post_delete`` of its model, to
``m2m_changed`` of its many-to-many fields (tags set after the save), and to ``post_save`` of the
models named in its ``related`` (a moved post re-indexes its replies). The work runs on commit,
reading the objects afresh, so a rolled-back change never reaches the index and a change made in
several saves is indexed as it ended. ``robust=True``: a failure is logged and never turns a
member's saved change into an error page. What must be indexed is also written down, in the
transaction of the change, as a ``PendingIndex`` row that the update deletes when done; the
periodic ``search.catch_up`` does what a failed update left (``jobs.py``).
"""

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from komunitas.search.backends import backend
from komunitas.search.models import PendingIndex, SearchEntry


def _later(func, *args) -> None:
    def run():  # a named function: on_commit logs a robust failure by __qualname__
        func(*args)

    transaction.on_commit(run, robust=True)


def _refresh_later(source_key: str, object_id: int) -> None:
    """Write down that the object's entry is stale, and bring it up to date after the commit."""
    from komunitas.search import index

    PendingIndex.objects.bulk_create(
        [PendingIndex(source=source_key, object_id=object_id)], ignore_conflicts=True
    )

    def run():
        index.refresh_ids(source_key, [object_id])
        PendingIndex.objects.filter(source=source_key, object_id=object_id).delete()

    transaction.on_commit(run, robust=True)


def connect(source) -> None:
    def saved(sender, instance, raw=False, **kwargs):
        if not raw:  # loading fixtures
            _refresh_later(source.key, instance.pk)

    def deleted(sender, instance, **kwargs):
        _refresh_later(source.key, instance.pk)  # gone: the refresh removes its entry

    def m2m(sender, instance, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear") and isinstance(
            instance, source.model
        ):
            _refresh_later(source.key, instance.pk)

    uid = f"search:{source.key}"
    post_save.connect(saved, sender=source.model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(deleted, sender=source.model, weak=False, dispatch_uid=f"{uid}:delete")
    for field in source.model._meta.local_many_to_many:
        m2m_changed.connect(
            m2m, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}:{field.name}"
        )

    for model, related_objects in source.related.items():

        def related_saved(sender, instance, raw=False, _objects=related_objects, **kwargs):
            if not raw:
                _later(_refresh_related, source.key, _objects, instance)

        post_save.connect(
            related_saved,
            sender=model,
            weak=False,
            dispatch_uid=f"{uid}:related:{model._meta.label}",
        )


def _refresh_related(source_key, related_objects, instance) -> None:
    from komunitas.search import index

    found = related_objects(instance)
    if isinstance(found, models.QuerySet):
        ids = list(found.values_list("pk", flat=True))
    else:
        ids = [obj.pk for obj in found]
    for start in range(0, len(ids), index.CHUNK):
        index.refresh_ids(source_key, ids[start : start + index.CHUNK])


@receiver(post_delete, sender=SearchEntry, dispatch_uid="search:entry-full-text")
def _drop_full_text(sender, instance, **kwargs):
    """An entry's full-text row goes with it, however it was deleted (cascades included)."""
    backend().delete([instance.pk])
