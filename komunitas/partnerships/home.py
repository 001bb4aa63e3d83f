"""The home page's section: requests waiting for me, as a partner or as a fasilitator."""

from django.db.models import Q

from komunitas.communities.models import Membership
from komunitas.core.home import home_section
from komunitas.partnerships.models import SupportRequest
from komunitas.partnerships.rules import visible_requests

Status = SupportRequest.Status
SHOWN = 5


@home_section
def open_requests(request):
    """Requests addressed to me that wait for my answer or my support, and those of the
    communities I facilitate that wait for me (a member's proposal, a partner's counter)."""
    user = request.user
    facilitated = Membership.objects.filter(
        user=user, status=Membership.Status.ACTIVE, role=Membership.Role.FASILITATOR
    ).values("community_id")
    waiting = list(
        visible_requests(SupportRequest.objects.all(), user)
        .filter(
            Q(partner=user, status__in=[Status.SENT, Status.ACCEPTED])
            | Q(partner__isnull=True, email__iexact=user.email, status=Status.SENT)
            | Q(community__in=facilitated, status__in=[Status.PROPOSED, Status.COUNTERED])
        )
        .select_related("community", "partner", "stakeholder")
        .order_by("needed_by", "pk")[:SHOWN]
    )
    if not waiting:
        return None
    return {"template": "partnerships/home_section.html", "order": 18, "open": waiting}
