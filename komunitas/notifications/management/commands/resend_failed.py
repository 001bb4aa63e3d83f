from django.core.management.base import BaseCommand
from django.db import transaction

from komunitas.notifications import mail as outbox
from komunitas.notifications import services
from komunitas.notifications.models import Event, Mail


class Command(BaseCommand):
    help = (
        "Put failed mail back in the queue with fresh attempts (all of it, or the ids given), "
        "and hand out again the notifications whose fan-out was given up."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "ids", nargs="*", type=int, help="Only these mails (see the queue page)."
        )
        parser.add_argument(
            "--event",
            dest="events",
            action="append",
            type=int,
            default=[],
            help="Only this event's fan-out (repeatable; see the queue page).",
        )

    def handle(self, *args, ids, events, **options):
        mails = Mail.objects.filter(status=Mail.Status.FAILED)
        failed_events = Event.objects.filter(fanned_out_at__isnull=True, failed_at__isnull=False)
        if ids or events:
            mails = mails.filter(pk__in=ids)
            failed_events = failed_events.filter(pk__in=events)
        with transaction.atomic():
            chosen = list(mails.select_for_update().values_list("pk", flat=True))
            Mail.objects.filter(pk__in=chosen).resend()
            again = list(failed_events.select_for_update().values_list("pk", flat=True))
            Event.objects.filter(pk__in=again).run_again()

            def queue():
                outbox.enqueue(chosen)
                for pk in again:
                    services.fan_out.enqueue(pk)

            transaction.on_commit(queue)
        self.stdout.write(f"{len(chosen)} mail(s) queued again.")
        self.stdout.write(f"{len(again)} notification fan-out(s) queued again.")
