from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request) -> str | None:
    """The client's address; behind a trusted TLS proxy, the one it forwarded."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def local_path(value: str | None) -> str:
    """``value`` when it is a path on this site (a safe ``next``), otherwise ""."""
    if not value or len(value) > 1000 or not value.startswith("/"):
        return ""
    if value.startswith(("//", "/\\")) or not url_has_allowed_host_and_scheme(value, None):
        return ""
    return value


MAX_ID = 2**31 - 1  # the smallest id range of our databases (PostgreSQL integer)


def parse_id(value) -> int | None:
    """An id typed into a form or a query string, or None: not "²" (``isdigit`` says it is a
    digit; ``int`` refuses it), not a number past what the database stores, not a list."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value[:12])
    return number if 0 < number <= MAX_ID and len(value) <= 12 else None
