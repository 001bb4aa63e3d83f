"""The changes of the API app: making, using and revoking personal access tokens."""

import datetime

from django.db import transaction
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.api.models import AccessToken, digest, new_secret
from komunitas.core.models import Submission

USE_NOTED_EVERY = datetime.timedelta(minutes=5)


@transaction.atomic
def do_create_token(*, user: User, name: str, scope: str, days: int) -> tuple[AccessToken, str]:
    """A new token for ``user`` and its secret, which is not kept: show it once."""
    secret = new_secret()
    token = AccessToken(
        user=user,
        name=name.strip(),
        scope=scope,
        secret_hash=digest(secret),
        hint=secret[:7],
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    token.full_clean()
    token.save()
    return token, secret


@transaction.atomic
def do_revoke_token(*, token: AccessToken) -> AccessToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def do_note_token_used(*, token: AccessToken, now: datetime.datetime | None = None) -> None:
    """Remember when a token was last used, at most every few minutes (a GET does not write for
    every call)."""
    now = now or timezone.now()
    if token.last_used_at is None or token.last_used_at < now - USE_NOTED_EVERY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def do_remember_submission(*, user: User, key: str, location: str) -> Submission:
    """The key of a creating API call, with what it made (``api:<id>``), as the offline forms'
    submission keys are kept (core/submissions.py)."""
    return Submission.objects.create(user=user, key=key, location=location)
