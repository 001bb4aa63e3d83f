"""Run the periodic work of learning journeys once, now: due check-in reminders and value
follow-ups. ``komunitas worker`` already runs both every hour (periodic jobs
``journeys.checkin_reminders`` and ``journeys.follow_ups``); this is for running them by hand.
``--enqueue`` hands it to the background worker instead of running it here.
"""

from django.core.management.base import BaseCommand

from komunitas.journeys.jobs import run_all, run_journeys_jobs


class Command(BaseCommand):
    help = "Send due check-in reminders and ask the value follow-ups (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue it for the worker.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            run_journeys_jobs.enqueue()
            self.stdout.write("queued")
            return
        result = run_all()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
