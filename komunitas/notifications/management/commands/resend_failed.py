from django.core.management.base import BaseCommand
from django.db import transaction

from komunitas.notifications import mail as outbox
from komunitas.notifications.models import Mail


class Command(BaseCommand):
    help = "Put failed mail back in the queue with fresh attempts (all of it, or the ids given)."

    def add_arguments(self, parser):
        parser.add_argument(
            "ids", nargs="*", type=int, help="Only these mails (see the queue page)."
        )

    def handle(self, *args, ids, **options):
        failed = Mail.objects.filter(status=Mail.Status.FAILED)
        if ids:
            failed = failed.filter(pk__in=ids)
        with transaction.atomic():
            chosen = list(failed.select_for_update().values_list("pk", flat=True))
            Mail.objects.filter(pk__in=chosen).resend()
            transaction.on_commit(lambda: outbox.enqueue(chosen))
        self.stdout.write(f"{len(chosen)} mail(s) queued again.")
