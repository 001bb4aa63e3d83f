import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with gunicorn (static files by whitenoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--no-collectstatic", action="store_true")

    def handle(self, *args, host, port, workers, no_collectstatic, **options):
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "komunitas.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            "--timeout",
            "60",
        ]
        if settings.LOG_FORMAT != "json":
            # Every request is also one line of komunitas.request (with its id, user, queries);
            # gunicorn's own access log stays for plain-text logs only.
            argv += ["--access-logfile", "-"]
        self.stdout.write(f"Serving on http://{host}:{port}/ with {workers} workers")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606  (replace this process by gunicorn)
