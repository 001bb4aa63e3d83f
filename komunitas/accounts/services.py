from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.accounts.tokens import Verification, make_verification_token
from komunitas.lib import emails
from komunitas.lib.http import local_path


def send_verification(user: User, *, email: str | None = None, next_path: str = "") -> None:
    """Mail a verification link to the account's address, or to the new address it asked for.

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
    template = "verify-email" if email is None else "confirm-email-change"
    transaction.on_commit(
        lambda: emails.send(template, address, {"user": user, "path": path}, language=user.language)
    )


@transaction.atomic
def confirm_email(link: Verification) -> tuple[User, bool] | None:
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
