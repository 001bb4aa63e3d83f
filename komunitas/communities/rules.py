"""Who may see and do what in a community (see komunitas/permissions.py).

Roles: a fasilitator manages; an anggota posts; a mitra (partner) reads, comments and records
support commitments; operators see everything for moderation. An outsider sees a public community
and may join or ask to join by its policy; a private community does not exist for them.
"""

from komunitas.communities.models import Community, Membership, SupportCommitment
from komunitas.communities.models.community import is_operator
from komunitas.permissions import rule

Role = Membership.Role


def _role(user, community) -> str | None:
    return community.role_of(user)


@rule("community.create")
def _create(user, _obj):
    return True


@rule("community.view")
def _view(user, community: Community):
    if community.deleted_at:
        return is_operator(user)
    return not community.is_private or _role(user, community) is not None or is_operator(user)


@rule("community.join")
def _join(user, community: Community):
    return (
        not community.deleted_at
        and not community.is_private
        and community.join_policy == Community.JoinPolicy.OPEN
        and _role(user, community) is None
    )


@rule("community.ask_to_join")
def _ask_to_join(user, community: Community):
    return (
        not community.deleted_at
        and not community.is_private
        and community.join_policy == Community.JoinPolicy.APPROVAL
        and _role(user, community) is None
    )


@rule("community.leave")
def _leave(user, community: Community):
    return _role(user, community) is not None


@rule("community.manage")
def _manage(user, community: Community):
    """Settings, members, join requests and invitations."""
    return not community.deleted_at and _role(user, community) == Role.FASILITATOR


@rule("community.view_members")
def _view_members(user, community: Community):
    return (not community.deleted_at and _role(user, community) is not None) or is_operator(user)


@rule("community.post")
def _post(user, community: Community):
    return not community.deleted_at and _role(user, community) in (Role.FASILITATOR, Role.ANGGOTA)


@rule("community.comment")
def _comment(user, community: Community):
    return not community.deleted_at and _role(user, community) is not None


@rule("community.add_commitment")
def _add_commitment(user, community: Community):
    return not community.deleted_at and _role(user, community) in (Role.FASILITATOR, Role.MITRA)


@rule("commitment.edit")
def _edit_commitment(user, commitment: SupportCommitment):
    role = _role(user, commitment.community)
    if commitment.community.deleted_at or commitment.deleted_at:
        return False
    return role == Role.FASILITATOR or (role == Role.MITRA and commitment.partner_id == user.pk)


@rule("community_map.edit")
def _edit_map_entry(user, entry):
    """A Lembar Identifikasi is the private notebook of whoever fills it."""
    return entry.owner_id == user.pk


@rule("invitation.receive")
def _receive_invitation(user, invitation):
    """Hear of an invitation: only the person it was sent to, while it can still be used."""
    return (
        invitation.kind == invitation.Kind.EMAIL
        and invitation.is_for(user)
        and not (invitation.problem())
    )


@rule("membership.hear_of_removal")
def _hear_of_removal(user, membership):
    """A removed member hears why, even from a private community they can no longer see."""
    return membership.user_id == user.pk and membership.status == Membership.Status.REMOVED
