"""Permission rules for accounts, schools and regions (see komunitas/permissions.py)."""

from komunitas.permissions import rule


def is_operator(user) -> bool:
    return user.is_superuser or user.is_staff or user.role == user.Role.OPERATOR


@rule("account.view_profile")
def _view_profile(user, other):
    return other.is_active or is_operator(user)


@rule("account.view_contact")
def _view_contact(user, other):
    """E-mail and WhatsApp are the member's own; only they and operators see them for now."""
    return user.pk == other.pk or is_operator(user)


@rule("account.edit_profile")
def _edit_profile(user, other):
    return user.pk == other.pk


@rule("schools.import")
def _import_schools(user, _obj):
    return is_operator(user)
