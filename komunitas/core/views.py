from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import render

from komunitas.core import health, pwa
from komunitas.core.backup import get_target
from komunitas.core.home import home_sections
from komunitas.core.models import BackupRun
from komunitas.core.privacy import PERSONAL_DATA_TABLES
from komunitas.core.source import source_archive
from komunitas.permissions import require


def home(request):
    user = request.user
    checklist = user.profile_checklist()
    context = {
        "checklist": checklist,
        "completeness": user.profile_completeness(checklist),
        "sections": home_sections(request),
    }
    return render(request, "core/home.html", context)


healthz = login_not_required(health.healthz)
readyz = login_not_required(health.readyz)


def backups(request):
    """The operators' page of backups: the archives in BACKUP_DIR and the last run."""
    require(request.user, "core.operate")
    archives = get_target().list()
    context = {
        "page": Paginator(archives, 30).get_page(request.GET.get("page")),
        "last_run": BackupRun.objects.first(),
        "schedule": settings.BACKUP_SCHEDULE,
        "keep_daily": settings.BACKUP_KEEP_DAILY,
        "keep_weekly": settings.BACKUP_KEEP_WEEKLY,
        "backup_dir": settings.BACKUP_DIR,
    }
    return render(request, "core/backups.html", context)


@login_not_required
def privacy(request):
    """The privacy notice; the periods it states are read from the settings, so it stays true
    (tests/privacy/test_privacy_page.py also checks that it names every table about a person)."""
    backend = settings.STORAGES["default"]["BACKEND"]
    context = {
        "periods": {
            name.lower(): getattr(settings, name)
            for name in (
                "READ_ACTIVITY_RETENTION_DAYS",
                "NOTIFICATION_RETENTION_DAYS",
                "MAIL_RETENTION_DAYS",
                "ACCOUNT_EXPORT_DAYS",
                "DISCUSSIONS_REMOVED_FILES_DAYS",
                "LOGIN_LOCKOUT_MINUTES",
            )
        },  # fmt: skip
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "object_storage": backend.startswith("storages.") or backend.endswith(".S3Storage"),
        "redis": bool(settings.REDIS_URL),
        "tables": PERSONAL_DATA_TABLES,
    }
    return render(request, "core/privacy.html", context)


@login_not_required
def source_code(request):
    """The source of the code this server runs, as the AGPL's section 13 asks: the installed
    package (Python, templates, static files, translations) and the licence, as a .tar.gz."""
    archive = source_archive()
    response = FileResponse(
        open(archive, "rb"),  # noqa: SIM115  (closed by the response)
        as_attachment=True,
        filename=archive.name,
        content_type="application/gzip",
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_not_required
def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


@login_not_required
def manifest(request):
    """The web app manifest: what the phone needs to install the site as an app."""
    response = JsonResponse(pwa.manifest(), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_not_required
def service_worker(request):
    """The service worker, at the root so that its scope is the whole site. Never cached by the
    browser's HTTP cache, so a deploy is noticed at the next visit."""
    response = render(
        request, "core/sw.js", {"settings": pwa.worker_settings()}, content_type="text/javascript"
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
def offline(request):
    """What the app shows for a page it has not kept when there is no network."""
    return render(request, "core/offline.html")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
