"""The API itself: ``/api/v1/``, its OpenAPI 3.1 schema, its docs page, its errors and limits."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from komunitas.api.auth import SiteSession, TokenAuth
from komunitas.api.errors import MEDIA_TYPE, Problem, field_errors, problem_response
from komunitas.api.throttle import PerMinute

logger = logging.getLogger("komunitas.api")

DESCRIPTION = """The JSON API of Komunitas Praktisi: the same permissions, actions and limits as
the site's pages. Sign in with a personal access token (`Authorization: Bearer kp_...`), made on
the settings page *Token API*; the site's own pages use the browser session with its CSRF token.
Lists answer `{"items": [...], "next": url}`: follow `next` (an opaque cursor) until it is
`null`. Errors are RFC 9457 problem details (`application/problem+json`) in the caller's language
(`Accept-Language`, else the member's language). Too many calls answer 429 with `Retry-After`.
Writes that create something accept an `Idempotency-Key` header: sent again with the same key and
body, they create nothing twice and answer with the first result."""


class KomunitasAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Errors are documented as ``application/problem+json``, as they are sent."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if str(status).startswith(("4", "5")) and "content" in response:
                        response["content"] = {MEDIA_TYPE: response["content"]["application/json"]}
        return schema


api = KomunitasAPI(
    title="Komunitas Praktisi API",
    version="1",
    description=DESCRIPTION,
    auth=[TokenAuth(), SiteSession()],
    throttle=[PerMinute()],
    urls_namespace="apiv1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(Problem)
def _problem(request, exc: Problem):
    return problem_response(
        exc.status, exc.detail, errors=exc.errors, retry_after=exc.retry_after,
        instance=request.path,
    )  # fmt: skip


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return problem_response(
        422,
        _("Some fields are not valid; see errors."),
        errors=field_errors(exc.errors),
        instance=request.path,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = problem_response(
        401,
        _("Sign in with a personal access token (Authorization: Bearer ...)."),
        instance=request.path,
    )
    response["WWW-Authenticate"] = 'Bearer realm="komunitas"'
    return response


@api.exception_handler(Throttled)
def _throttled(request, exc: Throttled):
    return problem_response(
        429,
        _("Too many requests in a minute; wait and try again."),
        retry_after=exc.wait or 60,
        instance=request.path,
    )


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 403:  # ninja's CSRF refusal of the browser session
        return problem_response(
            403, _("The CSRF token is missing or wrong."), instance=request.path
        )
    return problem_response(exc.status_code, "", instance=request.path)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response(
        404, _("There is nothing here, or you may not see it."), instance=request.path
    )


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return problem_response(403, _("You may not do this."), instance=request.path)


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.exception("API error at %s", request.path, exc_info=exc)
    return problem_response(500, _("Something went wrong on our side."), instance=request.path)


def _add_routers():
    from komunitas.api.routes import communities, discussions, me, meetings, notifications

    api.add_router("/me", me.router, tags=["me"])
    api.add_router("/communities", communities.router, tags=["communities"])
    api.add_router("/", discussions.router, tags=["posts"])
    api.add_router("/meetings", meetings.router, tags=["meetings"])
    api.add_router("/notifications", notifications.router, tags=["notifications"])


_add_routers()
