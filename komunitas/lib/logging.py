"""Logs an operator can read: plain lines by default, JSON lines with ``LOG_FORMAT=json``.

Every request is one line (``komunitas.request``): request id, user id, method, path, status,
duration and number of SQL queries; a request slower than ``SLOW_REQUEST_MS`` is a WARNING.
Every task the worker runs is one line (``komunitas.worker``) the same way. Lines logged while a
request or a task runs carry its id.
"""

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid
from contextlib import ExitStack

from django.conf import settings
from django.db import connections
from django.utils.functional import empty

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

_SANE_ID = re.compile(r"^[A-Za-z0-9._:@-]{1,128}$")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
HEALTH_PATHS = ("/healthz", "/readyz")

request_logger = logging.getLogger("komunitas.request")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, and the extras."""

    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def incoming_request_id(value: str | None) -> str:
    """The caller's X-Request-ID when it looks like an id (a load balancer's), else a new one."""
    if value and _SANE_ID.match(value):
        return value
    return uuid.uuid4().hex


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _user_id(request):
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty or wrapped is None:  # never looked at: don't load it just to log it
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None


class RequestLogMiddleware:
    """Outermost middleware: gives the request its id, counts its queries and logs it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id
        token = request_id_var.set(request_id)
        counter = _QueryCounter()
        start = time.perf_counter()
        status = 500
        try:
            with ExitStack() as stack:
                for connection in connections.all():
                    stack.enter_context(connection.execute_wrapper(counter))
                response = self.get_response(request)
            status = response.status_code
            response.headers["X-Request-ID"] = request_id
            return response
        finally:
            duration = (time.perf_counter() - start) * 1000
            slow = duration > settings.SLOW_REQUEST_MS
            if slow:
                level = logging.WARNING
            elif request.path in HEALTH_PATHS:
                level = logging.DEBUG
            else:
                level = logging.INFO
            request_logger.log(
                level,
                "%s %s %s %.0fms %dq%s",
                request.method,
                request.path,
                status,
                duration,
                counter.count,
                " slow" if slow else "",
                extra={
                    "request_id": request_id,
                    "user_id": _user_id(request),
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round(duration, 1),
                    "queries": counter.count,
                    "slow": slow,
                },
            )
            request_id_var.reset(token)
