"""Start-up checks: a production site whose links would point nowhere refuses to start.

Every absolute link (verification and password mail, notifications, unsubscribe, calendar feeds,
invitations, WhatsApp texts) is built from ``SITE_URL``. In production (``DEBUG`` off) it must be
the public https address, on a host the site answers to; otherwise ``komunitas serve``,
``worker``, ``migrate`` and ``check`` stop with an error instead of mailing dead links.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"}  # noqa: S104


def site_url_problems(site_url: str, *, allowed_hosts: list[str]) -> list[str]:
    """What is wrong with ``site_url`` as a production address ("" problems when none)."""
    if not site_url:
        return ["SITE_URL is not set."]
    parts = urlsplit(site_url)
    problems = []
    if parts.scheme != "https":
        problems.append(f"SITE_URL {site_url!r} does not start with https://.")
    host = (parts.hostname or "").lower()
    if not host or host in LOCAL_HOSTS or host.endswith(".localhost"):
        problems.append(f"SITE_URL {site_url!r} names no public host (localhost).")
    elif not any(_host_allowed(host, pattern) for pattern in allowed_hosts):
        problems.append(f"SITE_URL's host {host!r} is not in ALLOWED_HOSTS.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        problems.append(f"SITE_URL {site_url!r} must be only scheme and host, no path.")
    return problems


def _host_allowed(host: str, pattern: str) -> bool:
    pattern = pattern.lower()
    if pattern == "*":
        return True
    if pattern.startswith("."):
        return host == pattern[1:] or host.endswith(pattern)
    return host == pattern


@register()
def check_site_url(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    return [
        Error(
            problem,
            hint="Set SITE_URL to the public address of the site, e.g. "
            "SITE_URL=https://komunitas.example.id: every link in mail is built from it.",
            id="komunitas.E001",
        )
        for problem in site_url_problems(settings.SITE_URL, allowed_hosts=settings.ALLOWED_HOSTS)
    ]
