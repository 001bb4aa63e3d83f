from komunitas.communities.models.community import Community
from komunitas.communities.models.invitations import Invitation
from komunitas.communities.models.log import LogEntry, write_log
from komunitas.communities.models.mapping import MapEntry
from komunitas.communities.models.membership import (
    JoinRequest,
    LastFacilitatorError,
    Membership,
    MembershipError,
)
from komunitas.communities.models.moderation import Report
from komunitas.communities.models.partners import SupportCommitment
from komunitas.communities.models.stakeholders import Stakeholder

__all__ = [
    "Community",
    "LogEntry",
    "Invitation",
    "JoinRequest",
    "LastFacilitatorError",
    "MapEntry",
    "Membership",
    "MembershipError",
    "Report",
    "Stakeholder",
    "SupportCommitment",
    "write_log",
]
