"""Recording that a member read something, without a write in the request.

``record_read(user, community)`` is the one call the content pages make (the community's home,
its discussion list, a post, a meeting, a library resource). It asks the database nothing and
writes nothing: it remembers ``(member, community, day)`` in this process's memory. Keys already
remembered or written today are dropped at once, so a member's repeated views of a community on
one day cost a set lookup.

``count_once(user, obj, field)`` does the same for a view counter (a library resource's
``view_count``): one per member and day, added at the flush with ``UPDATE … SET field =
field + n``, so the page neither writes nor keeps a list of viewed things in the session.

``flush()`` writes what is remembered in one ``INSERT … ON CONFLICT DO NOTHING`` (safe when two
processes remembered the same read). Each web process runs it from a small daemon thread every
``READS_FLUSH_SECONDS`` (started with the first read a process remembers) and once more at
exit (``atexit``, which gunicorn's graceful worker exit and restarts run). So a GET never takes
SQLite's write lock, and the writes of a busy site are one short batch per process every few
seconds instead of one INSERT per page view.

What a crash can lose: a process killed without running its exit handlers (SIGKILL, the OOM
killer, a power cut) loses the first reads of the day it remembered since its last flush, at most
``READS_FLUSH_SECONDS`` seconds of them (10 by default). A flush that fails (the database locked
for too long, a full disk) keeps its keys and tries again at the next one. Every key carries its
own day, so a read at 23:59:59 is written for that day by the next flush: nothing is lost at the
day's end. A read of a member or a community deleted before the flush is dropped. With
``READS_FLUSH_SECONDS=0`` (the tests) nothing is flushed by itself, neither by a thread nor at
exit: ``flush()`` is called explicitly.

Only members are recorded: the community says whose reads count (``counts_reads_of``: the
fasilitator and the anggota, not a mitra, a partner or a visitor). The membership is the one the
permission check has already loaded (``Community.membership_of`` caches it), so it asks nothing
more. This app sits below the content apps and ``communities`` (it imports neither; its model
names the community by its label), so every page that shows a community's content can call it.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections import Counter

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connections
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_seen: set[tuple] = set()  # keys recorded by this process (today's and yesterday's)
_reads: set[tuple] = set()  # (member, community, day) not yet written
_counts: Counter[tuple] = Counter()  # (model label, pk, field) -> views not yet added
_flusher: dict = {"pid": None, "thread": None, "stop": None}


def record_read(user, community) -> None:
    """Remember that ``user`` read ``community`` today (no query, no write)."""
    if not getattr(user, "is_authenticated", False) or community is None:
        return
    if not community.counts_reads_of(user):
        return
    key = (user.pk, community.pk, timezone.localdate())
    with _lock:
        if key in _seen:
            return
        _seen.add(key)
        _reads.add(key)
    _start_flusher()


def count_once(user, obj, field: str) -> None:
    """Add one to ``obj``'s counter ``field`` (a view count) once per member and day, at the
    next flush (no query, no write now); anonymous visits are not counted."""
    if not getattr(user, "is_authenticated", False):
        return
    label = obj._meta.label_lower
    key = (user.pk, label, obj.pk, field, timezone.localdate())
    with _lock:
        if key in _seen:
            return
        _seen.add(key)
        _counts[(label, obj.pk, field)] += 1
    _start_flusher()


def pending() -> int:
    """How many reads and counts wait for the next flush."""
    return len(_reads) + sum(_counts.values())


def flush() -> int:
    """Write the remembered reads and counts; returns how many were written. Never raises a
    database error: what could not be written is kept for the next flush and logged."""
    from komunitas.reads.models import ReadActivity

    with _lock:
        keys, counts = list(_reads), dict(_counts)
        _reads.clear()
        _counts.clear()
    written = 0
    if keys:
        try:
            ReadActivity.objects.bulk_create(
                [ReadActivity(user_id=u, community_id=c, day=d) for u, c, d in keys],
                ignore_conflicts=True,
                batch_size=500,
            )
            written += len(keys)
        except IntegrityError:
            written += _write_one_by_one(keys)
        except DatabaseError as error:
            logger.warning("%d reads kept for the next flush: %s", len(keys), error)
            with _lock:
                _reads.update(keys)
    for (label, pk, field), n in counts.items():
        try:
            apps.get_model(label)._default_manager.filter(pk=pk).update(**{field: F(field) + n})
            written += n
        except DatabaseError as error:
            logger.warning("%s %s of %s %s kept for the next flush: %s", n, field, label, pk, error)
            with _lock:
                _counts[(label, pk, field)] += n
    today = timezone.localdate()
    with _lock:
        _seen.difference_update([key for key in _seen if (today - key[-1]).days > 1])
    return written


def _write_one_by_one(keys) -> int:
    """A batch refused for a member or a community deleted since the read: write the others,
    drop those (a read of something gone counts for nothing)."""
    from komunitas.reads.models import ReadActivity

    written = 0
    for user_id, community_id, day in keys:
        try:
            ReadActivity.objects.bulk_create(
                [ReadActivity(user_id=user_id, community_id=community_id, day=day)],
                ignore_conflicts=True,
            )
            written += 1
        except IntegrityError:
            logger.info("Read of community %s by %s dropped: gone", community_id, user_id)
    return written


def forget() -> None:
    """Drop what this process remembers (tests: each starts with an empty database)."""
    with _lock:
        _seen.clear()
        _reads.clear()
        _counts.clear()


def _start_flusher() -> None:
    seconds = getattr(settings, "READS_FLUSH_SECONDS", 10)
    if seconds <= 0:
        return
    pid = os.getpid()
    thread = _flusher["thread"]
    if _flusher["pid"] == pid and thread is not None and thread.is_alive():
        return
    with _lock:
        if _flusher["pid"] == pid and _flusher["thread"] is not None:
            return
        stop = threading.Event()
        thread = threading.Thread(
            target=_run, args=(stop, seconds), name="reads-flusher", daemon=True
        )
        _flusher.update(pid=pid, thread=thread, stop=stop)
    thread.start()


def _run(stop: threading.Event, seconds: float) -> None:
    while not stop.wait(seconds):
        _flush_in_thread()


def _flush_in_thread() -> None:
    try:
        flush()
    except Exception:  # a flusher that dies would lose every later read
        logger.exception("Flushing reads failed")
    finally:
        connections.close_all()  # this thread's connections only


@atexit.register
def _flush_at_exit() -> None:
    if (_reads or _counts) and getattr(settings, "READS_FLUSH_SECONDS", 10) > 0:
        _flush_in_thread()


def _after_fork() -> None:
    """A forked worker starts with its own empty memory and its own flusher."""
    global _lock
    _lock = threading.Lock()
    _seen.clear()
    _reads.clear()
    _counts.clear()
    _flusher.update(pid=None, thread=None, stop=None)


os.register_at_fork(after_in_child=_after_fork)
