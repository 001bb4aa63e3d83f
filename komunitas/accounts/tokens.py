"""Signed links for verifying an e-mail address (a new account or a changed address).

A link is bound to the state of the account it was made for: its password, its address, the
address waiting for confirmation and whether the address is verified. Using the link changes that
state, so it works once; changing the password or the address, or asking for another new address,
spoils every link made before. It expires after ``EMAIL_VERIFICATION_DAYS``. See docs/security.md.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "komunitas.accounts.verify-email.v2"


def _fingerprint(user, email: str) -> str:
    state = "|".join(
        [
            str(user.pk),
            user.password,
            user.email,
            user.pending_email,
            str(user.email_verified_at or ""),
            email,
        ]
    )
    return salted_hmac(_SALT, state).hexdigest()[:32]


@dataclass(frozen=True)
class Verification:
    user_id: int
    email: str
    fingerprint: str
    next_path: str
    issued_at: float

    def fits(self, user) -> bool:
        """Whether the account is still in the state the link was made for."""
        return constant_time_compare(self.fingerprint, _fingerprint(user, self.email))

    def is_fresh(self) -> bool:
        """Issued recently enough to log a brand-new account in (docs/security.md)."""
        age = time.time() - self.issued_at
        return 0 <= age <= settings.EMAIL_VERIFICATION_LOGIN_MINUTES * 60


def make_verification_token(user, email: str | None = None, next_path: str = "") -> str:
    """A signed link payload; ``next_path`` is where to go once verified (e.g. an invitation)."""
    email = email or user.email
    data = {"u": user.pk, "e": email, "f": _fingerprint(user, email), "t": int(time.time())}
    if next_path:
        data["n"] = next_path
    return signing.dumps(data, salt=_SALT, compress=True)


def read_verification_token(token: str) -> Verification | None:
    """The link's contents when its signature holds and it has not expired; otherwise None."""
    max_age = settings.EMAIL_VERIFICATION_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    try:
        return Verification(
            user_id=int(data["u"]),
            email=str(data["e"]),
            fingerprint=str(data["f"]),
            next_path=str(data.get("n", "")),
            issued_at=float(data["t"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
