"""Limits on logging in and on asking for password-reset mail.

Failures are rows in the database, not cache entries, so every app server sees the same count.
A login is refused while, within the last ``LOGIN_LOCKOUT_MINUTES``, there were
``LOGIN_FAILURE_LIMIT`` failures for this account *from this address*, ``LOGIN_FAILURE_IP_LIMIT``
failures from this address for any account, or ``LOGIN_FAILURE_ACCOUNT_LIMIT`` failures for this
account from anywhere (a guess spread over many addresses). Locking per account and address means
a stranger who types wrong passwords for someone's account does not lock its owner out at another
address; a password reset clears the account's failures, so the owner can always get back in.

Reset mail is limited per address asked for and per client (``PASSWORD_RESET_*``). Every refusal
says how long to wait, and the views answer it with HTTP 429 and ``Retry-After``.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from komunitas.accounts.models import LoginFailure, PasswordResetRequest


def _seconds_left(rows, limit: int, window: timedelta) -> int:
    """Seconds until the oldest row that still counts toward ``limit`` leaves the window."""
    if limit <= 0:
        return 0
    since = timezone.now() - window
    times = list(
        rows.filter(created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    if len(times) < limit:
        return 0
    return max(1, math.ceil((times[-1] + window - timezone.now()).total_seconds()))


def _lock_window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def seconds_locked(email: str, ip: str | None) -> int:
    """How many seconds a login to this account from this address is still refused; 0 if not."""
    email, window = email.lower(), _lock_window()
    failures = LoginFailure.objects.filter(email=email)
    seconds = _seconds_left(failures, settings.LOGIN_FAILURE_ACCOUNT_LIMIT, window)
    if ip:
        seconds = max(
            seconds,
            _seconds_left(failures.filter(ip=ip), settings.LOGIN_FAILURE_LIMIT, window),
            _seconds_left(
                LoginFailure.objects.filter(ip=ip), settings.LOGIN_FAILURE_IP_LIMIT, window
            ),
        )
    return seconds


def account_under_attack(email: str) -> bool:
    """Whether the account had ``LOGIN_FAILURE_LIMIT`` failures lately, from any address.

    Such an account is not logged in by anything but its password (a verification link does
    not), so no link can go around a lock-out."""
    failures = LoginFailure.objects.filter(email=email.lower())
    return bool(_seconds_left(failures, settings.LOGIN_FAILURE_LIMIT, _lock_window()))


def record_failure(email: str, ip: str | None) -> None:
    LoginFailure.objects.create(email=email.lower()[:254], ip=ip)
    # Keep the table small: what left the window no longer counts.
    old = timezone.now() - _lock_window() - timedelta(days=1)
    LoginFailure.objects.filter(created_at__lt=old).delete()


def clear_failures(email: str, ip: str | None = None) -> None:
    """Forget the account's failures: from ``ip`` after its owner logged in there (a stranger's
    guesses elsewhere still count), from everywhere after a password reset."""
    failures = LoginFailure.objects.filter(email=email.lower())
    if ip:
        failures = failures.filter(ip=ip)
    failures.delete()


def reset_mail_wait(email: str, ip: str | None) -> int:
    """Seconds before another reset mail may be asked for this address or by this client."""
    window = timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
    requests = PasswordResetRequest.objects
    seconds = _seconds_left(
        requests.filter(email=email.lower()), settings.PASSWORD_RESET_PER_EMAIL, window
    )
    if ip:
        seconds = max(
            seconds,
            _seconds_left(requests.filter(ip=ip), settings.PASSWORD_RESET_PER_CLIENT, window),
        )
    return seconds


def record_reset_request(email: str, ip: str | None) -> None:
    PasswordResetRequest.objects.create(email=email.lower()[:254], ip=ip)
    window = timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
    PasswordResetRequest.objects.filter(
        created_at__lt=timezone.now() - window - timedelta(days=1)
    ).delete()


def minutes(seconds: int) -> int:
    """Whole minutes to tell a person, never 0 while something is refused."""
    return max(1, math.ceil(seconds / 60)) if seconds else 0
