"""A write that cannot get the database's lock in time is refused honestly.

When many members write at once, SQLite lets one writer at a time and the others wait up to
``SQLITE_BUSY_TIMEOUT`` seconds; PostgreSQL may cancel a transaction on a lock or serialisation
conflict. The transaction is rolled back, so nothing was stored. Instead of an error page the
member gets a 503 with ``Retry-After`` that says so, shows what they wrote, and sends it again
with one tap: the same fields, the same submission key (``core/submissions.py``), so a second
try creates it once. A form that keeps drafts (it sends a ``draft_key``: posts and replies) also
saves the text as the member's draft from that page, once the database had the time to free
itself (``Retry-After``), so the text is there when they come back to the thread, even if they
never send it again.
"""

import logging

from django.db import OperationalError
from django.shortcuts import render

from komunitas.core.pwa import OFFLINE_PAGES
from komunitas.lib.http import is_htmx

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
HIDDEN = {"csrfmiddlewaretoken", "submission", "draft_key", "draft_opened"}
# PostgreSQL's SQLSTATEs for a lock not granted, a serialisation failure, a deadlock, a timeout.
BUSY_SQLSTATES = {"55P03", "40001", "40P01", "57014"}


def is_busy(error: Exception) -> bool:
    if not isinstance(error, OperationalError):
        return False
    if "database is locked" in str(error) or "database table is locked" in str(error):
        return True
    return getattr(error.__cause__, "sqlstate", None) in BUSY_SQLSTATES


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        logger.warning("Database busy on %s %s: %s", request.method, request.path, exception)
        sent = []
        if request.method == "POST":
            sent = [(name, value) for name in request.POST for value in request.POST.getlist(name)]
        context = {
            "fields": [(n, v) for n, v in sent],
            "shown": [(n, v) for n, v in sent if n not in HIDDEN and v.strip()],
            "had_files": bool(request.method == "POST" and request.FILES),
            "keeps_draft": bool(request.method == "POST" and request.POST.get("draft_key")),
            "retry_after": RETRY_AFTER_SECONDS,
        }
        response = render(request, "core/busy.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class AppMiddleware:
    """Tell the service worker which pages it may keep for offline reading, and clear the device
    when a member logs out (docs/app.md).

    A page kept offline is named in ``pwa.OFFLINE_PAGES``; its successful HTML response carries
    ``Offline-Copy: keep`` (the worker keeps nothing else). The response to logging out carries
    ``Clear-Site-Data``: the browser empties this site's caches, IndexedDB (the queue of
    submissions waiting for a signal) and unregisters the worker, so the next person on a shared
    phone finds nothing of the last one's. Cookies are left alone: the session is already gone,
    and the language choice stays."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if match is None:
            return response
        if match.view_name == "accounts:logout" and request.method == "POST":
            response["Clear-Site-Data"] = '"cache", "storage"'
        elif (
            match.view_name in OFFLINE_PAGES
            and request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and request.user.is_authenticated
            and not is_htmx(request)
        ):
            response["Offline-Copy"] = "keep"
        return response
