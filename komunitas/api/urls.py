"""``/api/v1/`` (the API) and ``/akun/api/`` (the member's tokens)."""

import json
from functools import wraps

from django.urls import URLPattern, path, re_path
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


def _clean(value):
    """Strings without NUL characters (PostgreSQL refuses them in text, as NulByteMiddleware
    takes them out of forms) and without lone surrogates (which no database stores)."""
    if isinstance(value, str):
        value = value.replace("\x00", "")
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _body_refused(request):
    """A JSON body must be one object; its strings are cleaned before any field is read."""
    if request.method not in ("POST", "PUT", "PATCH") or not request.body:
        return None
    if not request.content_type.endswith("json"):
        return None
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        message = translation.gettext("The body must be one JSON object.")
        return problem_response(
            422, message, errors=[{"field": "body", "message": message, "code": "body"}],
            instance=request.path,
        )  # fmt: skip
    request._body = json.dumps(_clean(data)).encode()
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
        response = _body_refused(request) or view(request, *args, **kwargs)
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


def _nothing_here(request, rest=""):
    return problem_response(404, "", instance=request.path)


def _patterns():
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _api_view(pattern.callback)
    # Any other address under /api/v1/ is a 404 problem too, not the site's HTML page.
    return [*patterns, re_path(r"^(?P<rest>.*)$", _api_view(_nothing_here), name="nothing")]


app_name = "api"
urlpatterns = [
    path("akun/api/", views.token_list, name="tokens"),
    path("akun/api/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
]
api_patterns = (_patterns(), "apiv1")
