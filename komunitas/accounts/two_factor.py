"""Two-factor authentication (django-otp: a TOTP app and one-use recovery codes).

Anyone may turn it on from their profile (``/akun/2fa/``). After a password or a mailed code,
an account with a confirmed device is logged in but *pending*: every page leads to
``/akun/2fa/`` until a code from the app (or a recovery code) is typed. Operators and Dinas
accounts must have it (``TWO_FACTOR_REQUIRED``, on unless turned off): until they set it up
and type a code in this session, every page leads them to set it up. Whether a session is
verified is read from the session alone (django-otp's ``otp_device_id``), so pages cost no
query for it. Wrong codes count as failed logins (django-axes, accounts/lockout.py).
"""

from base64 import b32encode
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device

PENDING = "accounts.two_factor_pending"
# Pages a signed-in person reaches before the second factor: the 2FA pages themselves, logging
# out, the language switch.
OPEN = {"two_factor", "two_factor_off", "logout", "set_language"}


def required_for(user) -> bool:
    return settings.TWO_FACTOR_REQUIRED and (
        user.role in (user.Role.OPERATOR, user.Role.DINAS) or user.is_staff or user.is_superuser
    )


def is_verified(request) -> bool:
    return DEVICE_ID_SESSION_KEY in request.session


@receiver(user_logged_in, dispatch_uid="accounts.two_factor.pending")
def _mark_pending(sender, request, user, **kwargs):
    """A login (any way in) of an account with a device waits for the second factor."""
    if request is None or not hasattr(request, "session"):
        return
    if DEVICE_ID_SESSION_KEY not in request.session and user_has_device(user):
        request.session[PENDING] = True


class TwoFactorMiddleware:
    """Lead a signed-in person who still owes the second factor to ``/akun/2fa/``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not is_verified(request)
            and (request.session.get(PENDING) or required_for(user))
            and not _is_open(request.path_info)
        ):
            url = reverse("accounts:two_factor")
            if request.method == "GET":
                url += "?next=" + quote(request.get_full_path())
            return redirect(url)
        return self.get_response(request)


def _is_open(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return True  # a 404 is a 404
    return match.namespace == "accounts" and match.url_name in OPEN


def secret_of(device) -> str:
    """The key as an authenticator app wants it typed (base32, in groups of four)."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device) -> str:
    """The ``otpauth://`` address of the device as an inline SVG QR code."""
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=4, title="QR")
