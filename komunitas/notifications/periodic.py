"""Periodic jobs: work that runs on a clock (digests, retries, meeting reminders, follow-ups).

An app registers a job once, in a module imported from its AppConfig.ready::

    from datetime import timedelta
    from komunitas.notifications.periodic import periodic_job

    @periodic_job("meetings.reminders", every=timedelta(minutes=5))
    def send_reminders(now):
        ...

``komunitas worker`` looks for due jobs every ``SCHEDULER_INTERVAL`` seconds (and
``komunitas run_jobs`` once, for cron). Each due job is claimed with a conditional update of its
``JobRun`` row, so among many workers exactly one starts it, then it runs as a task on the queue.
A job gets the time it was due and must be idempotent: if it fails, it runs again at its next
slot, and the work it already did must not be done twice (claim rows, use unique constraints).
"""

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from komunitas.notifications.models import JobRun

logger = logging.getLogger(__name__)

SCHEDULER_INTERVAL = 30  # seconds between two looks for due jobs in a long-running worker


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    func: Callable[[datetime], object]


_JOBS: dict[str, PeriodicJob] = {}


def uses_rq() -> bool:
    """True when tasks go to Redis (RQ), False on the database queue."""
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq.")


def periodic_job(name: str, *, every: timedelta):
    """Register ``func(now)`` to run every ``every``; the name is "<app>.<what>"."""

    def register(func):
        if name in _JOBS:
            raise ValueError(f"Periodic job {name!r} is already registered")
        _JOBS[name] = PeriodicJob(name=name, every=every, func=func)
        return func

    return register


def all_jobs() -> list[PeriodicJob]:
    return sorted(_JOBS.values(), key=lambda job: job.name)


def unregister(name: str) -> None:
    """Forget a job (for tests that register their own)."""
    _JOBS.pop(name, None)


def _claim(job: PeriodicJob, now: datetime) -> bool:
    """Move the job's next run one interval on, if it is due; True for the one who moved it."""
    try:
        with transaction.atomic():
            JobRun.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    except IntegrityError:  # another worker created it at the same moment
        pass
    return bool(
        JobRun.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.every, last_started_at=now
        )
    )


def run_due_jobs(now: datetime | None = None) -> list[str]:
    """Queue every job that is due now; return their names."""
    now = now or timezone.now()
    started = []
    for job in all_jobs():
        if _claim(job, now):
            run_periodic_job.enqueue(job.name, now.isoformat())
            started.append(job.name)
    return started


@task()
def run_periodic_job(name: str, due: str) -> None:
    job = _JOBS.get(name)
    if job is None:
        logger.warning("No periodic job %r is registered here", name)
        return
    try:
        job.func(datetime.fromisoformat(due))
    except Exception:
        JobRun.objects.filter(name=name).update(
            last_finished_at=timezone.now(), last_error=traceback.format_exc()[-4000:]
        )
        raise
    JobRun.objects.filter(name=name).update(last_finished_at=timezone.now(), last_error="")
