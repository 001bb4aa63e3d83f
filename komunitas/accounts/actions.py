"""Every change of an account's state, in one place (docs/architecture.md, "Habits").

Views check who may do what (``require``) and call one ``do_*`` here; these do not check
permissions. Each runs in one transaction; the mail it sends is queued in the outbox
(``komunitas.lib.emails.queue_mail``) and goes out after the commit, retried if the
mail server fails, so a broken mail server never fails the request.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from komunitas.accounts import privacy
from komunitas.accounts.forms import ProfileForm, SignupForm
from komunitas.accounts.models import DataExport, Erasure, LoginCode, User
from komunitas.accounts.school_import import ImportResult, import_schools
from komunitas.accounts.tokens import Verification, make_verification_token
from komunitas.core.privacy import parts
from komunitas.lib.emails import queue_mail
from komunitas.lib.http import absolute, local_path


@transaction.atomic
def do_sign_up(*, form: SignupForm, language: str, next_path: str = "") -> User:
    """Create the account from a valid sign-up form and queue its verification mail."""
    user = form.save(commit=False)
    user.language = language
    user.save()
    do_send_verification(user=user, next_path=next_path)
    return user


@transaction.atomic
def do_send_verification(*, user: User, email: str | None = None, next_path: str = ""):
    """Queue a verification link to the account's address, or to the new address it asked for.

    Asking for a new address makes it the pending one, which spoils the links sent to any
    address asked for before. ``next_path`` (a local path, e.g. the invitation the newcomer came
    from) is signed into the link, so verifying leads back there.
    """
    if email is not None and user.pending_email != email:
        user.pending_email = email
        user.save(update_fields=["pending_email"])
    address = email or user.email
    token = make_verification_token(user, address, local_path(next_path))
    path = reverse("accounts:verify", args=[token])
    return queue_mail(
        to=address,
        template="verify-email" if email is None else "confirm-email-change",
        context={"user": user, "path": path},
        language=user.language,
        recipient=user,
    )


@transaction.atomic
def do_confirm_email(*, link: Verification) -> tuple[User, bool] | None:
    """Apply a verification link: verify the account's address, or switch to the pending one.

    Returns the user and whether this was the account's first verification, or None when the
    link no longer fits: used already, the password or an address changed since, another
    address was asked for meanwhile, or the address was taken by another account.
    """
    user = User.objects.select_for_update().filter(pk=link.user_id, is_active=True).first()
    if user is None or not link.fits(user):
        return None
    first = link.email == user.email and not user.email_verified
    if link.email == user.email:
        if not first:
            return None
    elif link.email == user.pending_email:
        if User.objects.filter(email__iexact=link.email).exclude(pk=user.pk).exists():
            return None
        user.email = link.email
    else:
        return None
    user.pending_email = ""
    user.email_verified_at = user.email_verified_at or timezone.now()
    user.save(update_fields=["email", "pending_email", "email_verified_at"])
    return user, first


def do_set_language(*, user: User, language: str) -> None:
    """Keep the member's choice of language in their profile (mail comes in it too)."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def do_update_profile(*, form: ProfileForm) -> User:
    """Save a valid profile form (name, school, subjects, language, ...) of its account."""
    user = form.save(commit=False)
    user.save()
    form.save_m2m()
    return user


def do_import_schools(*, text: str) -> ImportResult:
    """Add or update the schools of a CSV text: all rows or, with any bad row, none (the file is
    checked whole first, then written in one transaction)."""
    return import_schools(text)


@transaction.atomic
def do_request_export(*, user: User) -> DataExport:
    """A new export of the member's data, built by the worker (an unfinished one is reused,
    not doubled); the member is told when it is ready (``privacy.build_export``)."""
    running = DataExport.objects.filter(
        user=user, status__in=[DataExport.Status.QUEUED, DataExport.Status.RUNNING]
    ).first()
    if running:
        return running
    export = DataExport.objects.create(user=user)
    transaction.on_commit(lambda: privacy.build_export_task.enqueue(export.pk))
    return export


@transaction.atomic
def do_erase_account(*, user: User, remove_public: bool, by_operator: bool) -> Erasure | None:
    """Erase a member's personal data at once, over every app's privacy part; keep or remove
    their public contributions; the erasure itself is recorded (``Erasure``)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        return Erasure.objects.filter(account_id=user.pk).first()
    for part in parts():
        part.part.erase(user, remove_public=remove_public)  # type: ignore[attr-defined]
    return Erasure.objects.create(
        account_id=user.pk,
        choice=Erasure.Choice.REMOVE if remove_public else Erasure.Choice.KEEP,
        by=Erasure.By.OPERATOR if by_operator else Erasure.By.SELF,
    )


def _code_hash(user: User, code: str) -> str:
    return salted_hmac("komunitas.accounts.login-code", f"{user.pk}:{code}").hexdigest()


@transaction.atomic
def do_send_login_code(*, user: User) -> None:
    """Mail the member a fresh six-digit code to log in without the password; the codes sent
    before are spoiled. Only the code's keyed hash is stored."""
    now = timezone.now()
    LoginCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = settings.LOGIN_CODE_MINUTES
    LoginCode.objects.create(
        user=user,
        code_hash=_code_hash(user, code),
        created_at=now,
        expires_at=now + timedelta(minutes=minutes),
    )
    queue_mail(
        to=user.email,
        template="login-code",
        context={
            "user": user,
            "code": code,
            "minutes": minutes,
            "url": absolute(reverse("accounts:login_code")),
        },
        language=user.language,
        recipient=user,
    )


@transaction.atomic
def do_use_login_code(*, user: User, code: str) -> bool:
    """Whether ``code`` is the member's current code (not used, not expired, not spoiled by
    ``LOGIN_CODE_ATTEMPTS`` wrong tries); a right code is used up, a wrong one counted."""
    current = (
        LoginCode.objects.select_for_update()
        .filter(user=user, used_at__isnull=True, expires_at__gt=timezone.now())
        .filter(attempts__lt=settings.LOGIN_CODE_ATTEMPTS)
        .order_by("-created_at")
        .first()
    )
    if current is None:
        return False
    if not constant_time_compare(current.code_hash, _code_hash(user, code.strip())):
        current.attempts += 1
        current.save(update_fields=["attempts"])
        return False
    current.used_at = timezone.now()
    current.save(update_fields=["used_at"])
    return True


RECOVERY_CODES = 10


@transaction.atomic
def do_confirm_two_factor(*, user: User, key: str, token: str) -> list[str] | None:
    """Turn two-factor on with the app's key (hex, shown at set-up and kept in the session until
    now) once the app's current code proves it holds the key: the devices before are replaced
    and ``RECOVERY_CODES`` new one-use recovery codes are made and returned (shown once). None
    when the code is not right."""
    device = TOTPDevice(user=user, name="app", key=key, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    token = "".join(token.split())
    if not (token.isascii() and token.isdigit()) or not totp.verify(int(token), device.tolerance):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.last_t = totp.t()
    device.save()
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
    return codes


@transaction.atomic
def do_check_second_factor(*, user: User, token: str) -> Device | None:
    """The device that accepts ``token`` (a code from the app, or a recovery code, which is
    used up), or None."""
    token = "".join(token.split()).lower()
    for device in devices_for_user(user, for_verify=True):
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def do_turn_off_two_factor(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
