from komunitas.permissions import rule


@rule("core.operate")
def _operate(user, _obj):
    """The operators' pages of the installation itself (backups)."""
    return user.is_superuser or user.is_staff or user.role == user.Role.OPERATOR
