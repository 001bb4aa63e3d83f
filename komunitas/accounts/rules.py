"""Permission rules for accounts, schools and regions (see komunitas/permissions.py)."""

from komunitas.permissions import rule


def is_operator(user) -> bool:
    """The one test of an operator (site staff): a superuser, staff, or the operator role; never
    an anonymous visitor. Every app asks this one."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.is_staff or user.role == user.Role.OPERATOR)
    )


@rule("account.view_profile")
def _view_profile(user, other):
    return other.is_active or is_operator(user)


@rule("account.view_contact")
def _view_contact(user, other):
    """E-mail and WhatsApp are the member's own; only they and operators see them for now."""
    return user.pk == other.pk or is_operator(user)


@rule("schools.import")
def _import_schools(user, _obj):
    return is_operator(user)


@rule("account.download_export")
def _download_export(user, export):
    """A copy of someone's data is theirs alone, and only until it expires."""
    return user.pk == export.user_id and export.is_available


@rule("account.erase")
def _erase(user, other):
    """Members erase their own account; operators erase a member's on request."""
    return user.pk == other.pk or is_operator(user)


@rule("account.erase_member")
def _erase_member(user, other):
    """An operator erases another member's account on their request (not their own here, and
    not one erased already)."""
    return is_operator(user) and other.pk != user.pk and other.erased_at is None
