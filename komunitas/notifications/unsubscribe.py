"""Signed links that stop one kind of mail without logging in (RFC 8058 one-click)."""

from django.core import signing

_SALT = "komunitas.notifications.unsubscribe"


def make_unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return data.get("u"), data.get("k")
