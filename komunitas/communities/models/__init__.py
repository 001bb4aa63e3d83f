from komunitas.communities.models.community import Community
from komunitas.communities.models.events import Event, record_event
from komunitas.communities.models.invitations import Invitation
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
    "Event",
    "Invitation",
    "JoinRequest",
    "LastFacilitatorError",
    "MapEntry",
    "Membership",
    "MembershipError",
    "Report",
    "Stakeholder",
    "SupportCommitment",
    "record_event",
]
