from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from komunitas.core.home import home_sections
from komunitas.lib.http import local_path


def home(request):
    user = request.user
    checklist = user.profile_checklist()
    context = {
        "checklist": checklist,
        "completeness": user.profile_completeness(checklist),
        "sections": home_sections(request),
    }
    return render(request, "core/home.html", context)


@login_not_required
@require_POST
def set_language(request):
    """Switch the language; a signed-in member keeps the choice in their profile."""
    language = request.POST.get("language", "")
    # A path of ours, or home: "abc" passed the host check, then broke redirect() (a 500).
    response = redirect(local_path(request.POST.get("next")) or "/")
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        if request.user.is_authenticated and request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
    return response


@login_not_required
def health(request):
    """For load balancers: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_not_required
def privacy(request):
    return render(request, "core/privacy.html")


@login_not_required
def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
