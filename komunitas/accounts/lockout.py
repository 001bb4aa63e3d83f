"""Limits on logging in (through django-axes) and on asking for mail.

Failed logins are counted by django-axes (its ``AccessAttempt`` rows, in the database, so every
app server sees the same count) on every way in: the login form, the login by a mailed code and
the operators' pages (``/operator/login/``). A login is refused while, within the last
``LOGIN_LOCKOUT_MINUTES``, there were ``LOGIN_FAILURE_LIMIT`` failures for this account *from
this address*, or ``LOGIN_FAILURE_ACCOUNT_LIMIT`` failures for this account from anywhere (a
guess spread over many addresses). Nothing locks an address by itself: one school's or one
mobile carrier's shared address never locks out everyone behind it, and a stranger who types
wrong passwords for someone's account does not lock its owner out at another address. A
password reset clears the account's failures, so the owner can always get back in.

Mail that anyone can make the site send (sign-up, password reset, a new verification link, a
login code) is limited per address it goes to and per client (``MAIL_LIMITS``, ``MailRequest``
rows). Every refusal says how long to wait, and the views answer it with HTTP 429 and
``Retry-After``.
"""

import math
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Sum
from django.utils import timezone

from komunitas.accounts.models import MailRequest


def login_name(request, credentials) -> str:
    """The account a login attempt is for, as axes counts it: the e-mail address in lower case,
    whichever form sent it (``email`` on ours, ``username`` on Django's admin login)."""
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username")
    if not name and request is not None:
        data = getattr(request, "POST", {})
        name = data.get("email") or data.get("username")
    return str(name or "").strip().lower()[:254]


class LoginLockout(AxesDatabaseHandler):
    """axes' database handler with two limits instead of one.

    ``AXES_LOCKOUT_PARAMETERS`` is ``[["username", "ip_address"], ["username"]]``; axes compares
    the larger of the two counts with one ``AXES_FAILURE_LIMIT`` (= ``LOGIN_FAILURE_LIMIT``).
    Here the count from anywhere is scaled down by ``LOGIN_FAILURE_ACCOUNT_LIMIT``, so the account
    and address lock after 5 failures and the account everywhere after 50."""

    def get_failures(self, request, credentials=None) -> int:
        by_address, by_account = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit, account_limit = settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_ACCOUNT_LIMIT
        return max(by_address, by_account * limit // max(1, account_limit))


def lock_minutes() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES


def cool_off(request=None) -> timedelta:
    """``AXES_COOLOFF_TIME``: read at each request, so a changed setting counts at once."""
    return timedelta(minutes=lock_minutes())


def is_locked(request, email: str) -> bool:
    """Whether a login to this account from this request's address is refused now (for ways in
    that do not go through ``authenticate``, like the mailed code)."""
    return AxesProxyHandler.is_locked(request, {"email": email})


def record_failure(request, email: str) -> None:
    """Count a failed login that did not go through ``authenticate`` (a wrong mailed code)."""
    user_login_failed.send(sender=__name__, credentials={"email": email}, request=request)


def account_under_attack(email: str) -> bool:
    """Whether the account had ``LOGIN_FAILURE_LIMIT`` failures lately, from any address.

    Such an account is not logged in by anything but its password (a verification link does
    not), so no link can go around a lock-out."""
    since = timezone.now() - cool_off()
    failures = AccessAttempt.objects.filter(
        username=email.lower(), attempt_time__gte=since
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return (failures or 0) >= settings.LOGIN_FAILURE_LIMIT


def clear_failures(email: str) -> None:
    """Forget the account's failures from everywhere (after a password reset)."""
    axes_reset(username=email.lower())


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


def mail_wait(kind: str, email: str, ip: str | None) -> int:
    """Seconds before another mail of this kind may be sent to this address or for this client
    (``settings.MAIL_LIMITS[kind]``: per address, per client, window in minutes); 0 if now."""
    per_email, per_client, minutes_ = settings.MAIL_LIMITS[kind]
    window = timedelta(minutes=minutes_)
    requests = MailRequest.objects.filter(kind=kind)
    seconds = _seconds_left(requests.filter(email=email.lower()), per_email, window)
    if ip:
        seconds = max(seconds, _seconds_left(requests.filter(ip=ip), per_client, window))
    return seconds


def record_mail(kind: str, email: str, ip: str | None) -> None:
    MailRequest.objects.create(kind=kind, email=email.lower()[:254], ip=ip)
    longest = max(minutes_ for _e, _c, minutes_ in settings.MAIL_LIMITS.values())
    MailRequest.objects.filter(
        created_at__lt=timezone.now() - timedelta(minutes=longest, days=1)
    ).delete()


def minutes(seconds: int) -> int:
    """Whole minutes to tell a person, never 0 while something is refused."""
    return max(1, math.ceil(seconds / 60)) if seconds else 0
