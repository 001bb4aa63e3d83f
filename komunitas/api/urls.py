"""``/api/v1/`` (the API) and ``/akun/api/`` (the member's tokens)."""

from functools import wraps

from django.urls import URLPattern, path
from django.utils import translation
from django.utils.translation.trans_real import (
    get_supported_language_variant,
    parse_accept_lang_header,
)

from komunitas.api import views
from komunitas.api.errors import problem_response
from komunitas.api.site import api


def _language_asked(request) -> str | None:
    """The first language of ``Accept-Language`` that the site speaks, if any."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            continue
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def _api_view(view):
    """Every API address: answers in the language asked for, refuses alone (401 problems, not
    the login page), and says 405 as a problem too."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = _language_asked(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
            request.api_language_asked = True
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/problem"
        ):
            allowed = response.get("Allow", "")
            response = problem_response(405, "", instance=request.path)
            response["Allow"] = allowed
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    wrapper.login_required = False
    wrapper.csrf_exempt = True  # ninja checks the CSRF token of the browser session itself
    return wrapper


def _patterns():
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _api_view(pattern.callback)
    return patterns


app_name = "api"
urlpatterns = [
    path("akun/api/", views.token_list, name="tokens"),
    path("akun/api/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
api_patterns = (_patterns(), "apiv1")
