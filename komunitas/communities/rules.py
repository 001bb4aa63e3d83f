"""Who may see and do what in a community (see komunitas/permissions.py).

Roles: a fasilitator manages; an anggota posts; a mitra (partner) reads, comments and records
support commitments; operators see everything for moderation. An outsider sees a public community
and may join or ask to join by its policy; a private community does not exist for them.
"""

from django.db.models import Q

from komunitas.accounts.models import Regency, User
from komunitas.accounts.rules import is_operator
from komunitas.communities.models import Community, Membership, Stakeholder, SupportCommitment
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


def visible_communities(communities, user):
    """``community.view`` as a query, for ``Community.objects.visible_to(user)``: public
    communities, and private ones the user belongs to; operators see all live ones, for
    moderation (their visits to private pages are logged). Deleted ones are nobody's list."""
    if not user.is_authenticated:
        return communities.none()
    alive = communities.alive()
    if is_operator(user):
        return alive
    mine = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
    return alive.filter(
        Q(visibility=Community.Visibility.PUBLIC) | Q(pk__in=mine.values("community_id"))
    )


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
    return not community.deleted_at and _role(user, community) is not None


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


@rule("community.report")
def _report(user, community: Community):
    """Anyone who can read a community may report it to the operators, except its fasilitators
    (they can change it themselves)."""
    return (
        _view(user, community)
        and not community.deleted_at
        and _role(user, community) != Role.FASILITATOR
    )


@rule("community.delete")
def _delete(user, community: Community):
    """A fasilitator may delete their community (soft: an operator can restore it)."""
    return _manage(user, community)


@rule("community.moderate")
def _moderate(user, _obj=None):
    """The moderation page: reports, deleted communities, the accountability log."""
    return is_operator(user)


# --- The shared district map (stakeholders and communities of one kabupaten/kota)

DISTRICT_ROLES = (
    User.Role.GURU_PENGGERAK,
    User.Role.KEPALA_SEKOLAH,
    User.Role.PENGAWAS,
    User.Role.DINAS,
)


def district_codes(user) -> frozenset[str]:
    """The kabupaten/kota whose district map the user shares in (cached on the user object).

    Those are the districts of the communities they facilitate or partner (mitra), and, for the
    people who drive and support communities by their office (guru penggerak, kepala sekolah,
    pengawas, Dinas), the district of their school, of the schools they supervise, or the one
    their Dinas account serves. Anggota alone do not share in it: the map holds judgements
    (influence, interest) that are the business of those who build the communities.
    """
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_district_codes", None)
    if cached is not None:
        return cached
    memberships = (
        Membership.objects.filter(
            user=user,
            status=Membership.Status.ACTIVE,
            role__in=[Role.FASILITATOR, Role.MITRA],
            community__deleted_at__isnull=True,
            community__regency__isnull=False,
        )
        .order_by()
        .values_list("community__regency_id", flat=True)
    )
    if user.role == User.Role.PENGAWAS:  # and the schools they supervise, in the same query
        memberships = memberships.union(
            user.supervised_schools.order_by().values_list("regency_id", flat=True)
        )
    codes = set(memberships)
    if user.role in DISTRICT_ROLES:
        if user.regency_id:
            codes.add(user.regency_id)
        if user.school_id:
            codes.add(user.school.regency_id)
    user._district_codes = frozenset(codes)
    return user._district_codes


@rule("district_map.view")
def _view_district_map(user, regency):
    """See and add to the shared map of a kabupaten/kota (its stakeholders, shared entries)."""
    return _shares_in(user, regency.pk)


def visible_districts(user):
    """``district_map.view`` as a query: the districts whose map the user shares in; for
    operators, every district with a community or a stakeholder on its map."""
    if is_operator(user):
        return Regency.objects.filter(
            Q(pk__in=Community.objects.alive().values("regency_id"))
            | Q(pk__in=Stakeholder.objects.alive().values("regency_id"))
        )
    return Regency.objects.filter(pk__in=district_codes(user))


def _shares_in(user, regency_code: str) -> bool:
    return is_operator(user) or regency_code in district_codes(user)


@rule("stakeholder.edit")
def _edit_stakeholder(user, stakeholder):
    """Whoever added a stakeholder, the Dinas officers of that district, and operators."""
    if stakeholder.deleted_at or not _shares_in(user, stakeholder.regency_id):
        return False
    return (
        stakeholder.added_by_id == user.pk
        or is_operator(user)
        or (user.role == User.Role.DINAS and user.regency_id == stakeholder.regency_id)
    )


def facilitated_ids(user) -> frozenset[int]:
    """The live communities the user facilitates (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_facilitated_ids", None)
    if cached is None:
        cached = user._facilitated_ids = frozenset(
            Membership.objects.filter(
                user=user,
                status=Membership.Status.ACTIVE,
                role=Role.FASILITATOR,
                community__deleted_at__isnull=True,
            ).values_list("community_id", flat=True)
        )
    return cached


def _facilitates_one_of(user, stakeholder) -> bool:
    ids = facilitated_ids(user)
    if not ids:
        return False
    # A list page prefetches the communities the reader may see; those a fasilitator leads are
    # among them, so the prefetch answers without a query per stakeholder.
    known = getattr(stakeholder, "visible_communities", None)
    if known is not None:
        return any(community.pk in ids for community in known)
    return stakeholder.communities.filter(pk__in=ids).exists()


@rule("stakeholder.link")
def _link_stakeholder(user, stakeholder):
    """Link a stakeholder to an account on the platform, or unlink it: whoever may change the
    entry, and the fasilitators of the communities it supports (their community's map)."""
    if stakeholder.deleted_at or not _shares_in(user, stakeholder.regency_id):
        return False
    return _edit_stakeholder(user, stakeholder) or _facilitates_one_of(user, stakeholder)


@rule("stakeholder.hear_of_link")
def _hear_of_stakeholder_link(user, stakeholder):
    """The person a stakeholder entry names: they see it, hear of it, and may decline it."""
    return stakeholder.deleted_at is None and stakeholder.account_id == user.pk


@rule("invitation.receive")
def _receive_invitation(user, invitation):
    """Hear of an invitation: only the person it was sent to, while it can still be used."""
    return (
        invitation.kind == invitation.Kind.EMAIL
        and invitation.is_for(user)
        and not invitation.problem()
    )


@rule("membership.hear_of_removal")
def _hear_of_removal(user, membership):
    """A removed member hears why, even from a private community they can no longer see."""
    return membership.user_id == user.pk and membership.status == Membership.Status.REMOVED
