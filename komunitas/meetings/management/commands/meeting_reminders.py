import time

from django.core.management.base import BaseCommand

from komunitas.meetings.services import send_due_reminders


class Command(BaseCommand):
    help = (
        "Record the meeting reminders that are due (a day and an hour before each meeting); "
        "the worker then delivers them. Run it every few minutes from cron or a systemd "
        "timer, or keep it running with --every SECONDS. Safe to run in several places at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running and look again after this many seconds (at least 30).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the background worker instead of doing it here.",
        )

    def handle(self, *args, every, enqueue, **options):
        while True:
            if enqueue:
                send_due_reminders.enqueue()
                self.stdout.write("Queued the reminder task for the worker.")
            else:
                sent = send_due_reminders.call()
                if options["verbosity"]:
                    self.stdout.write(f"{sent} reminder(s) recorded.")
            if not every:
                return
            time.sleep(max(every, 30))
