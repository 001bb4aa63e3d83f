"""Errors as RFC 9457 problem details (``application/problem+json``), in the caller's language.

Every refusal of the API is one of these: ``type`` names the kind of problem (a page of
docs/api.md), ``title`` says it in the caller's language, ``status`` repeats the HTTP status,
``detail`` says what happened this time; a validation error lists its fields in ``errors``.
"""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Not signed in"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    409: gettext_lazy("Conflict"),
    422: gettext_lazy("Invalid input"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Server error"),
    503: gettext_lazy("Busy, try again"),
}

SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    422: "invalid-input",
    429: "too-many-requests",
    500: "server-error",
    503: "busy",
}


class Problem(Exception):  # noqa: N818 (RFC 9457's word)
    """Raise to answer with a problem: ``Problem(403, detail=...)``."""

    def __init__(self, status: int, detail: str = "", *, errors=None, retry_after=None):
        super().__init__(detail)
        self.status = status
        self.detail = str(detail)
        self.errors = errors
        self.retry_after = retry_after


def problem_response(
    status: int, detail="", *, errors=None, retry_after=None, instance=""
) -> HttpResponse:
    body: dict = {
        "type": f"/api/v1/docs#problem-{SLUGS.get(status, 'error')}",
        "title": str(TITLES.get(status, _("Error"))),
        "status": status,
        "detail": str(detail) or str(TITLES.get(status, "")),
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE
    )
    if retry_after is not None:
        response["Retry-After"] = str(max(1, int(retry_after)))
    return response


def field_errors(ninja_errors) -> list[dict]:
    """ninja's (pydantic's) validation errors as ``[{"field": "body.title", "message": ...}]``."""
    found = []
    for error in ninja_errors:
        location = [str(part) for part in error.get("loc", ())]
        found.append(
            {
                "field": ".".join(location),
                "message": str(error.get("msg", "")),
                "code": str(error.get("type", "")),
            }
        )
    return found
