from komunitas.accounts.models.regions import District, Province, Regency
from komunitas.accounts.models.schools import School
from komunitas.accounts.models.users import (
    LoginFailure,
    PasswordResetRequest,
    Phase,
    Subject,
    User,
)

__all__ = [
    "District",
    "LoginFailure",
    "PasswordResetRequest",
    "Phase",
    "Province",
    "Regency",
    "School",
    "Subject",
    "User",
]
