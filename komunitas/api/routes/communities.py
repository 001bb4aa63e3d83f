"""Communities: the list the member may see, one community, its members."""

from typing import Literal

from django.db.models import Prefetch
from ninja import Field as F
from ninja import Query, Router

from komunitas.accounts.models import Subject
from komunitas.api.paging import page
from komunitas.api.routes.common import READ_ERRORS, Paging, link
from komunitas.api.schemas import CommunityOut, CommunityPage, MemberPage
from komunitas.communities.access import access_community
from komunitas.communities.models import Community, Membership
from komunitas.permissions import require

router = Router()


class CommunityFilters(Paging):
    q: str = F("", max_length=100, description="words in the name, domain or description")
    kind: Literal["sekolah", "antar_sekolah", "daring"] | None = None
    mine: bool = F(False, description="only the communities I am a member of")


class MemberFilters(Paging):
    role: Literal["fasilitator", "anggota", "mitra"] | None = None


def community_out(community, roles: dict) -> dict:
    return {
        "slug": community.slug,
        "name": community.name,
        "domain": community.domain,
        "description": community.description,
        "kind": community.kind,
        "visibility": community.visibility,
        "join_policy": community.join_policy,
        "stage": community.stage,
        "member_count": getattr(community, "member_count", 0) or 0,
        "my_role": roles.get(community.pk),
        "url": link(community),
    }


def roles_of(user, communities) -> dict:
    """``{community id: role}`` of the user in these communities, in one query."""
    rows = Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, community__in=[c.pk for c in communities]
    ).values_list("community_id", "role")
    return dict(rows)


@router.get("", response={200: CommunityPage, **READ_ERRORS}, summary="Communities I may see")
def community_list(request, filters: Query[CommunityFilters]):
    """The communities the caller may see (as on the page *Komunitas*), by name; `mine=true`
    keeps those the caller belongs to. Example: `GET /api/v1/communities?q=literasi&mine=true`."""
    user = request.user
    communities = Community.objects.visible_to(user)
    if filters.mine:
        communities = communities & Community.objects.of_member(user)
    communities = (
        communities.search(words=filters.q, kind=filters.kind or "")
        .with_member_count()
        .order_by("name", "pk")
    )
    rows, following = page(request, communities, cursor=filters.cursor, limit=filters.limit)
    roles = roles_of(user, rows)
    return {"items": [community_out(c, roles) for c in rows], "next": following}


@router.get("/{slug}", response={200: CommunityOut, **READ_ERRORS}, summary="One community")
def community_detail(request, slug: str):
    community = access_community(request.user, slug[:100])
    community = Community.objects.filter(pk=community.pk).with_member_count().first()
    return community_out(community, roles_of(request.user, [community]))


@router.get("/{slug}/members", response={200: MemberPage, **READ_ERRORS}, summary="Members")
def member_list(request, slug: str, filters: Query[MemberFilters]):
    """The active members, for those who may see them (members of the community and
    operators, as on the page *Anggota*)."""
    community = access_community(request.user, slug[:100])
    require(request.user, "community.view_members", community)
    members = (
        community.active_memberships()
        .select_related("user__school")
        .prefetch_related(Prefetch("user__subjects", queryset=Subject.objects.order_by("position")))
    )
    if filters.role:
        members = members.filter(role=filters.role)
    members = members.order_by("role", "user__full_name", "pk")
    rows, following = page(request, members, cursor=filters.cursor, limit=filters.limit)
    items = [
        {
            "id": m.user.pk,
            "name": m.user.full_name,
            "role": m.role,
            "school": m.user.school.name if m.user.school else None,
        }
        for m in rows
    ]
    return {"items": items, "next": following}
