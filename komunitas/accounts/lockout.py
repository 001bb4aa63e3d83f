"""Lock-out after repeated failed logins, per account and per address.

Failures are rows in the database, not cache entries, so every app server sees the same count.
An account is locked while it has ``LOGIN_FAILURE_LIMIT`` failures within the last
``LOGIN_LOCKOUT_MINUTES``; an address, while it has ``LOGIN_FAILURE_IP_LIMIT``.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from komunitas.accounts.models import LoginFailure


def _window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _minutes_left(failures, limit) -> int:
    """Minutes until the oldest failure that still counts toward the limit leaves the window."""
    times = list(failures.order_by("-created_at").values_list("created_at", flat=True)[:limit])
    if len(times) < limit:
        return 0
    unlock_at = times[-1] + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return max(1, math.ceil((unlock_at - timezone.now()).total_seconds() / 60))


def minutes_locked(email: str, ip: str | None) -> int:
    """How many minutes this login is still locked for; 0 when it may be tried."""
    since = _window_start()
    by_account = LoginFailure.objects.filter(email=email.lower(), created_at__gte=since)
    minutes = _minutes_left(by_account, settings.LOGIN_FAILURE_LIMIT)
    if ip:
        by_ip = LoginFailure.objects.filter(ip=ip, created_at__gte=since)
        minutes = max(minutes, _minutes_left(by_ip, settings.LOGIN_FAILURE_IP_LIMIT))
    return minutes


def record_failure(email: str, ip: str | None) -> None:
    LoginFailure.objects.create(email=email.lower()[:254], ip=ip)
    # Keep the table small: what left the window no longer counts.
    LoginFailure.objects.filter(created_at__lt=_window_start() - timedelta(days=1)).delete()


def clear_failures(email: str) -> None:
    LoginFailure.objects.filter(email=email.lower()).delete()
