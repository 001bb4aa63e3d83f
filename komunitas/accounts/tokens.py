"""Signed, expiring links for verifying an e-mail address (a new account or a changed address)."""

from django.conf import settings
from django.core import signing

_SALT = "komunitas.accounts.verify-email"


def make_verification_token(user, email: str | None = None, next_path: str = "") -> str:
    """A signed link payload; ``next_path`` is where to go once verified (e.g. an invitation)."""
    data = {"u": user.pk, "e": email or user.email}
    if next_path:
        data["n"] = next_path
    return signing.dumps(data, salt=_SALT, compress=True)


def read_verification_token(token: str) -> tuple[int, str, str] | None:
    """Return (user id, e-mail, next path) for a valid token, None for a broken or expired one."""
    max_age = settings.EMAIL_VERIFICATION_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return data.get("u"), data.get("e"), data.get("n", "")
