import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from komunitas.core.health import beat
from komunitas.notifications import worker_log
from komunitas.notifications.periodic import SCHEDULER_INTERVAL, run_due_jobs, uses_rq

logger = logging.getLogger(__name__)


def _schedule(stop: threading.Event) -> None:
    """Queue the periodic jobs when they are due, until the worker stops."""
    while True:
        try:
            run_due_jobs()
        except Exception:  # a broken database moment must not end the scheduler
            logger.exception("Could not look for due periodic jobs")
        finally:
            connections.close_all()
        if stop.wait(SCHEDULER_INTERVAL):
            return


HEARTBEAT_INTERVAL = 30  # seconds; /readyz calls a worker stale after WORKER_HEARTBEAT_MAX_AGE


def _heartbeat(stop: threading.Event) -> None:
    """Tell /readyz this worker is alive, until it stops."""
    while True:
        try:
            beat()
        except Exception:
            logger.exception("Could not write the worker's heartbeat")
        finally:
            connections.close_all()
        if stop.wait(HEARTBEAT_INTERVAL):
            return


class Command(BaseCommand):
    help = (
        "Run a background worker: on the database queue by default, on Redis (RQ) when "
        "REDIS_URL is set. It also starts the periodic jobs (digests, retries, reminders) when "
        "they are due. Run as many as you like, on any machine with the same settings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Do what is queued now, then stop."
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Only run tasks; leave the periodic jobs to other workers or to run_jobs.",
        )

    def handle(self, *args, batch, no_scheduler, **options):
        stop = threading.Event()
        worker_log.connect()
        if not batch:
            threading.Thread(target=_heartbeat, args=(stop,), daemon=True).start()
        else:
            beat()
        if not batch and not no_scheduler:
            threading.Thread(target=_schedule, args=(stop,), daemon=True).start()
        try:
            if uses_rq():
                import django_rq

                worker = django_rq.get_worker("default", job_class="django_tasks_rq.Job")
                worker.work(burst=batch, logging_level="WARNING")
            else:
                call_command("db_worker", batch=batch, interval=1, startup_delay=not batch)
        finally:
            stop.set()
