from komunitas.accounts.models.privacy import DataExport, Erasure
from komunitas.accounts.models.regions import District, Province, Regency
from komunitas.accounts.models.schools import School
from komunitas.accounts.models.users import (
    LoginCode,
    LoginFailure,
    MailRequest,
    PasswordResetRequest,
    Phase,
    Subject,
    User,
)

__all__ = [
    "DataExport",
    "District",
    "Erasure",
    "LoginCode",
    "LoginFailure",
    "MailRequest",
    "PasswordResetRequest",
    "Phase",
    "Province",
    "Regency",
    "School",
    "Subject",
    "User",
]
