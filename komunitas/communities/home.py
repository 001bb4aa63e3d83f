from django.db.models import F

from komunitas.communities.models import Community, Report
from komunitas.communities.rules import DISTRICT_ROLES
from komunitas.core.home import home_section
from komunitas.permissions import can

SHOWN = 6


def member_communities(request) -> list[Community]:
    """The signed-in person's communities by name, each with ``member_count`` and ``my_role``
    (their role in it), read once per request: the home page's sections share it."""
    found = getattr(request, "_member_communities", None)
    if found is None:
        found = list(
            Community.objects.of_member(request.user)
            .with_member_count()
            .annotate(my_role=F("memberships__role"))  # the same join as of_member's filter
            .select_related("regency")
            .order_by("name")
        )
        request._member_communities = found
    return found


@home_section
def my_communities(request):
    """The member's communities. A removal (with its reason) reaches the member as a
    notification (communities.member_removed), so the home page spends no query on it."""
    user = request.user
    communities = member_communities(request)
    return {
        "template": "communities/home_section.html",
        "order": 20,
        "communities": communities[:SHOWN],
        "more": len(communities) > SHOWN,
        # Those whose office makes them stakeholders see where they are named (no query).
        "stakeholder_entries": user.role in DISTRICT_ROLES,
    }


@home_section
def moderation(request):
    """Operators: the open reports and the way to the moderation page."""
    if not can(request.user, "community.moderate"):
        return None
    return {
        "template": "communities/home_moderation.html",
        "order": 15,
        "open_reports": Report.objects.open().count(),
    }
