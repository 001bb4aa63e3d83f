"""The caller: profile, communities, unread notifications."""

from ninja import Router

from komunitas.api.routes.common import READ_ERRORS
from komunitas.api.routes.communities import community_out, roles_of
from komunitas.api.schemas import MeOut
from komunitas.communities.models import Community
from komunitas.notifications.models import Notification

router = Router()


@router.get("", response={200: MeOut, **READ_ERRORS}, summary="Me")
def me(request):
    """The caller's profile, their communities and how many notifications they have not read."""
    user = request.user
    communities = list(Community.objects.of_member(user).with_member_count().order_by("name"))
    roles = roles_of(user, communities)
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {
        "id": user.pk,
        "name": user.full_name,
        "language": user.language,
        "time_zone": user.time_zone,
        "communities": [community_out(c, roles) for c in communities],
        "unread_notifications": unread,
    }
