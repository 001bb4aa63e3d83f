from django.db import transaction
from django.urls import reverse

from komunitas.accounts.models import User
from komunitas.accounts.tokens import make_verification_token
from komunitas.lib import emails
from komunitas.lib.http import local_path


def send_verification(user: User, *, email: str | None = None, next_path: str = "") -> None:
    """Mail a verification link to the account's address, or to the new address it asked for.

    ``next_path`` (a local path, e.g. the invitation the newcomer came from) is signed into the
    link, so verifying leads back there.
    """
    address = email or user.email
    token = make_verification_token(user, address, local_path(next_path))
    path = reverse("accounts:verify", args=[token])
    template = "verify-email" if email is None else "confirm-email-change"
    transaction.on_commit(
        lambda: emails.send(template, address, {"user": user, "path": path}, language=user.language)
    )


@transaction.atomic
def confirm_email(*, user_id: int, email: str) -> User | None:
    """Apply a verification link: verify the address, or switch to the new one it names.

    Returns the user, or None when the link no longer fits (the address was taken meanwhile).
    """
    user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    if user.email != email:
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            return None
        user.email = email
        user.save(update_fields=["email"])
    user.mark_email_verified()
    return user
