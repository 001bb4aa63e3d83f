from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run a background worker: on the database queue by default, on Redis (RQ) when "
        "REDIS_URL is set. Run as many as you like, on any machine with the same settings."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Do what is queued now, then stop."
        )

    def handle(self, *args, batch, **options):
        if settings.REDIS_URL:
            call_command("rqworker", "default", burst=batch)
        else:
            call_command("db_worker", batch=batch, interval=1, startup_delay=not batch)
