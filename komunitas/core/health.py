"""Health for load balancers and monitoring.

- ``/healthz``: the process answers (no database), for a liveness probe.
- ``/readyz``: JSON of the checks that decide whether this server can take traffic (database
  reachable and writable, cache, migrations applied, storage writable: any failure is a 503) and
  of what an operator watches (the worker's heartbeat, the queue's depth and its oldest waiting
  task: reported, and a 503 only when ``READYZ_REQUIRE_WORKER`` is on, so that a stopped worker
  does not take every web server out of the load balancer).

A load balancer probes over plain HTTP with its own Host (often the server's IP), so
``HealthProbeMiddleware`` answers these two paths before the HTTPS redirect and the host check:
the answers build no URL from the Host and set no cookie, which is what makes that safe.
"""

import datetime as dt
import logging
import os
import socket
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

_migrations_applied = False  # once true it stays true for this process


def _check_database() -> dict:
    from komunitas.core.models import Heartbeat

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    Heartbeat.objects.update_or_create(name="readyz", defaults={"seen_at": timezone.now()})
    return {}


def _check_cache() -> dict:
    key, value = f"readyz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, 10)
    if cache.get(key) != value:
        if getattr(cache, "is_down", False):  # ResilientRedisCache serves misses meanwhile
            raise _Reported({}, "redis unreachable")
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _check_migrations() -> dict:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise RuntimeError(f"{len(plan)} migrations not applied: run `komunitas migrate`")
        _migrations_applied = True
    return {}


def _check_storage() -> dict:
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    return {}


def _age(moment) -> float | None:
    return round((timezone.now() - moment).total_seconds(), 1) if moment else None


def _check_worker() -> dict:
    from komunitas.core.models import Heartbeat

    last = (
        Heartbeat.objects.filter(name__startswith="worker:")
        .order_by("-seen_at")
        .values_list("seen_at", flat=True)
        .first()
    )
    age = _age(last)
    fresh = age is not None and age <= settings.WORKER_HEARTBEAT_MAX_AGE
    result = {"last_seen": last.isoformat() if last else None, "age_seconds": age}
    if not fresh:
        raise _Reported(result, "no worker heartbeat" if last is None else "heartbeat too old")
    return result


def _check_queue() -> dict:
    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
        import django_rq

        queue = django_rq.get_queue("default")
        oldest = None
        job_ids = queue.get_job_ids(0, 0)
        if job_ids:
            job = queue.fetch_job(job_ids[0])
            oldest = job.enqueued_at.replace(tzinfo=dt.UTC) if job and job.enqueued_at else None
        return {"waiting": queue.count, "oldest_age_seconds": _age(oldest)}
    from django.db.models import Count, Min
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.filter(status=TaskResultStatus.READY).aggregate(
        n=Count("pk"), oldest=Min("enqueued_at")
    )
    return {"waiting": row["n"], "oldest_age_seconds": _age(row["oldest"])}


class _Reported(Exception):
    def __init__(self, details, message):
        super().__init__(message)
        self.details = details


def run_checks() -> tuple[int, dict]:
    required = {
        "database": _check_database,
        "cache": _check_cache,
        "migrations": _check_migrations,
        "storage": _check_storage,
    }
    reported = {"worker": _check_worker, "queue": _check_queue}
    if settings.READYZ_REQUIRE_WORKER:
        required["worker"] = reported.pop("worker")
    checks = {}
    failed = degraded = False
    for group, funcs in ((True, required), (False, reported)):
        for name, func in funcs.items():
            start = time.perf_counter()
            try:
                result = {"ok": True, **func()}
            except _Reported as error:
                result = {"ok": False, "error": str(error), **error.details}
            except Exception as error:
                logger.warning("readyz: %s failed", name, exc_info=True)
                result = {"ok": False, "error": type(error).__name__}
            result["ms"] = round((time.perf_counter() - start) * 1000, 1)
            checks[name] = result
            if not result["ok"]:
                failed = failed or group
                degraded = degraded or not group
    status = "fail" if failed else "degraded" if degraded else "ok"
    return (503 if failed else 200), {"status": status, "checks": checks}


def healthz(request):
    response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-store"
    return response


def readyz(request):
    code, body = run_checks()
    response = JsonResponse(body, status=code)
    response["Cache-Control"] = "no-store"
    return response


def beat(name: str | None = None) -> None:
    """Write this worker's heartbeat (called every half minute by ``komunitas worker``)."""
    from komunitas.core.models import Heartbeat

    name = name or f"worker:{socket.gethostname()}:{os.getpid()}"
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})
    # Forget workers that stopped a day ago.
    Heartbeat.objects.filter(
        name__startswith="worker:", seen_at__lt=now - dt.timedelta(days=1)
    ).delete()


class HealthProbeMiddleware:
    """Answer GET/HEAD of /healthz and /readyz before the HTTPS redirect and the host check."""

    VIEWS = {"/healthz": healthz, "/readyz": readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.VIEWS.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
