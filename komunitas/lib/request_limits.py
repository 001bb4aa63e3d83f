"""How large a request may be, judged from its ``Content-Length`` before a byte of it is read.

Without this, a 200 MB upload to a form that takes "at most 20 MB" was read in full (to
temporary files) before the form could say no. Now:

* A view that takes files says how many and of which kind: ``@accepts_uploads(files=5)``. Its
  limit is that many files of the largest allowed size (``UPLOAD_MAX_DOCUMENT_MB`` or
  ``UPLOAD_MAX_IMAGE_MB``) plus room for the text of the form.
* Every other view takes at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` plus that room.
* ``RequestLimitMiddleware`` answers a larger request with 413 and a page in the member's
  language that says the limit, before CSRF or a form parses the body; it also gives each
  request its own budget of checking work (``upload_checks.request_budget``).

The web server in front should refuse sooner still (nginx ``client_max_body_size``; see
docs/security.md).
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve

from komunitas.lib import upload_checks

FORM_ROOM = 1024 * 1024  # the text fields and the multipart framing around the files


def accepts_uploads(*, files: int = 1, documents: bool = True, max_bytes: int | None = None):
    """Mark a view that takes up to ``files`` uploads (documents, or pictures only), each at
    most ``max_bytes`` when the form has its own limit."""

    def limit() -> int:
        from komunitas.lib.uploads import max_document_bytes, max_image_bytes

        each = max(max_document_bytes(), max_image_bytes()) if documents else max_image_bytes()
        return files * (max_bytes or each) + FORM_ROOM

    def decorate(view):
        view.request_limit = limit
        return view

    return decorate


def default_limit() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE + FORM_ROOM


def limit_for(request) -> int:
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return default_limit()
    limit = getattr(view, "request_limit", None)
    return limit() if limit else default_limit()


def _content_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0  # Django reads no body then either


class RequestLimitMiddleware:
    """Refuse a request larger than its view takes, before anything reads its body.

    It runs its check in the request phase, so it may sit after the authentication middleware
    (the page is in the member's language) and still come before CSRF reads the form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = _content_length(request)
        if length > default_limit():  # resolve only for the few large requests
            limit = limit_for(request)
            if length > limit:
                return too_large(request, length, limit)
        with upload_checks.request_budget():
            return self.get_response(request)


def too_large(request, length: int, limit: int):
    context = {"size": filesizeformat(length), "limit": filesizeformat(limit)}
    return render(request, "413.html", context, status=413)
