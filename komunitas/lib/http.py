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


def absolute(path: str) -> str:
    """The full address of a path on this site: every absolute link (mail, calendar feeds,
    invitations, WhatsApp texts, the check-in QR) is built here, from ``SITE_URL``."""
    return settings.SITE_URL + path


def local_path(value: str | None) -> str:
    """``value`` when it is a path on this site (a safe ``next``), otherwise ""."""
    if not value or len(value) > 1000 or not value.startswith("/"):
        return ""
    if value.startswith(("//", "/\\")) or not url_has_allowed_host_and_scheme(value, None):
        return ""
    return value
