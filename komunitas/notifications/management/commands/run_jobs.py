from django.core.management.base import BaseCommand

from komunitas.notifications.periodic import run_due_jobs


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs that are due now (digests, mail retries, reminders) and stop. "
        "`komunitas worker` does this by itself; use this command from cron when you run "
        "workers with --no-scheduler."
    )

    def handle(self, *args, verbosity, **options):
        started = run_due_jobs()
        if verbosity:
            self.stdout.write(", ".join(started) or "-")
