from datetime import timedelta

from django.utils import timezone

from komunitas.communities.models import Community, Membership, Report
from komunitas.core.home import home_section
from komunitas.permissions import can

SHOWN = 6


@home_section
def my_communities(request):
    user = request.user
    communities = list(
        Community.objects.of_member(user)
        .with_member_count()
        .select_related("regency")
        .order_by("name")[: SHOWN + 1]
    )
    removals = Membership.objects.filter(
        user=user,
        status=Membership.Status.REMOVED,
        community__deleted_at__isnull=True,
        ended_at__gte=timezone.now() - timedelta(days=90),
    ).select_related("community")[:3]
    return {
        "template": "communities/home_section.html",
        "order": 20,
        "communities": communities[:SHOWN],
        "more": len(communities) > SHOWN,
        "removals": removals,
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
