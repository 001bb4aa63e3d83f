"""The poll events members can hear about (delivered by komunitas.notifications).

Each member's own choice for the kind (the notification settings) decides how it reaches them;
a poll that closes within two days is urgent (a digest member gets it at once); the
permission is checked again at fan-out, so someone who left a private community hears
nothing of its polls.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Membership
from komunitas.notifications.kinds import MEMBERS, Delivery, Kind, register

CREATED = "polls.created"
CLOSED = "polls.closed"


def _voters(event):
    """The community's fasilitators and anggota: the people who can vote."""
    return User.objects.filter(
        memberships__community_id=event.target.community_id,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role__in=[Membership.Role.FASILITATOR, Membership.Role.ANGGOTA],
    )


def _members(event):
    """Everyone active in the poll's community, partners too (they read the results)."""
    return User.objects.filter(
        memberships__community_id=event.target.community_id,
        memberships__status=Membership.Status.ACTIVE,
    )


register(
    Kind(
        key=CREATED,
        label=_("A new poll in my community"),
        audience=_voters,
        action="poll.vote",
        default=Delivery.DAILY,
        for_whom={MEMBERS},
        describe=lambda event, count: gettext("New poll: %(title)s") % {"title": event.title},
    )
)
register(
    Kind(
        key=CLOSED,
        label=_("A poll of my community closes, with its results"),
        audience=_members,
        action="poll.view_results",
        default=Delivery.IN_APP,
        for_whom={MEMBERS},
        describe=lambda event, count: (
            gettext("Poll closed: %(title)s · %(result)s")
            % {"title": event.title, "result": event.data.get("result", "")}
        ),
    )
)
