from komunitas.accounts.models.privacy import DataExport, Erasure
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
    "DataExport",
    "District",
    "Erasure",
    "LoginFailure",
    "PasswordResetRequest",
    "Phase",
    "Province",
    "Regency",
    "School",
    "Subject",
    "User",
]
