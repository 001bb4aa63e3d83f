"""The link in an onboarding invitation: it lets the teacher set their first password.

Signed, bound to the account's state (its password, its address, its last login): setting the
password spoils it, so it works once. It expires after ``ONBOARDING_INVITATION_DAYS``.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "komunitas.onboarding.activate.v1"


def _fingerprint(user) -> str:
    state = "|".join([str(user.pk), user.password, user.email, str(user.last_login or "")])
    return salted_hmac(_SALT, state).hexdigest()[:32]


def make_activation_token(user) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=_SALT, compress=True)


def read_activation_token(token: str):
    """The account the link is for, when its signature, age and state hold; else None."""
    from komunitas.accounts.models import User

    max_age = settings.ONBOARDING_INVITATION_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=_SALT, max_age=max_age)
        user = User.objects.select_related("school").get(pk=int(data["u"]), is_active=True)
    except (signing.BadSignature, KeyError, TypeError, ValueError, User.DoesNotExist):
        return None
    if not constant_time_compare(str(data.get("f", "")), _fingerprint(user)):
        return None
    return user
