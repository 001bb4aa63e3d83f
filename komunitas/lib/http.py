from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address; behind a trusted TLS proxy, the one it forwarded."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"
