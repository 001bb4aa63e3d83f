import ipaddress

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request) -> str | None:
    """The client's address, the one place it is read (lock-outs, rate limits, logs).

    Behind ``TRUSTED_PROXIES`` proxies, each of which appends the address it saw to
    X-Forwarded-For, the client is the entry that many places from the right; what the client
    itself put further left is not believed. Without proxies, the connection's address."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies > 0:
        entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        entries = [e for e in entries if e]
        if entries:
            candidate = entries[-proxies] if len(entries) >= proxies else entries[0]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return remote
    return remote


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def safe_next(request) -> str:
    """The ``next`` the request carries (form field first, then query), when it is a path on
    this site; otherwise "". Every view that goes on to a ``next`` reads it through here."""
    return local_path(request.POST.get("next") or request.GET.get("next"))


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


def set_language_cookie(response, language: str) -> None:
    """The one place the language cookie is set: its flags come from the LANGUAGE_COOKIE_*
    settings (``Secure`` in production)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def too_many(response, seconds: int):
    """A refusal for rate or lock-out: HTTP 429 with ``Retry-After`` (every limit answers so)."""
    response.status_code = 429
    response["Retry-After"] = str(max(1, int(seconds)))
    return response


def too_many_page(request, message: str, seconds: int, *, back: str):
    """A page that says why and how long to wait, for an action that has no form to show again."""
    from django.shortcuts import render

    return too_many(render(request, "429.html", {"message": message, "back": back}), seconds)


MAX_ID = 2**31 - 1  # the smallest id range of our databases (PostgreSQL integer)


def parse_id(value) -> int | None:
    """An id typed into a form or a query string, or None: not "²" (``isdigit`` says it is a
    digit; ``int`` refuses it), not a number past what the database stores, not a list."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value[:12])
    return number if 0 < number <= MAX_ID and len(value) <= 12 else None
