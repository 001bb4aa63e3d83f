"""Who may see and do what with requests for support (see komunitas/permissions.py).

The community's anggota and fasilitators see all its requests; a partner sees only the requests
addressed to them (by account, or by the email address a request to someone not yet on the
platform was sent to), and only while they are still a partner (mitra) of that community; anyone
else sees nothing, operators included (a request is between a community and its partner).
Fasilitators send, approve, accept a partner's proposal, withdraw and close; anggota propose; the
partner the request is addressed to answers it, once.
"""

from django.db.models import Q

from komunitas.communities.models import Community, Membership
from komunitas.permissions import rule

Role = Membership.Role
TEAM = (Role.FASILITATOR, Role.ANGGOTA)


def _live(community) -> bool:
    return community.deleted_at is None


@rule("partnerships.create")
def _create(user, community: Community):
    return _live(community) and community.role_of(user) in TEAM


@rule("partnerships.view_list")
def _view_list(user, community: Community):
    """The community's list of requests and its figures (no one named in the figures)."""
    return _live(community) and community.role_of(user) is not None


@rule("partnerships.view")
def _view(user, request):
    community = request.community
    if not _live(community):
        return False
    role = community.role_of(user)
    if role in TEAM:
        return True
    return role == Role.MITRA and request.is_addressed_to(user)


@rule("partnerships.answer")
def _answer(user, request):
    return (
        request.status == request.Status.SENT
        and request.is_addressed_to(user)
        and _live(request.community)
        and request.community.role_of(user) == Role.MITRA
    )


@rule("partnerships.manage")
def _manage(user, request):
    return _live(request.community) and request.community.role_of(user) == Role.FASILITATOR


def visible_requests(requests, user):
    """``partnerships.view`` as a query: the requests of the communities where the user is
    anggota or fasilitator, and those addressed to them where they are mitra."""
    if not user.is_authenticated:
        return requests.none()
    active = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
    team = active.filter(role__in=TEAM).values("community_id")
    partner_of = active.filter(role=Role.MITRA).values("community_id")
    return requests.filter(community__deleted_at__isnull=True).filter(
        Q(community__in=team)
        | Q(community__in=partner_of, partner=user)
        | Q(community__in=partner_of, partner__isnull=True, email__iexact=user.email)
    )
