"""The meeting events members can hear about (delivered by komunitas.notifications)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Membership
from komunitas.notifications.kinds import MEMBERS, Delivery, Kind, register


def _members(event):
    """Everyone active in the meeting's community."""
    meeting = event.target
    return User.objects.filter(
        memberships__community_id=meeting.community_id,
        memberships__status=Membership.Status.ACTIVE,
    )


def _coming(event):
    """Members who did not say they won't come."""
    meeting = event.target
    return _members(event).exclude(meeting_rsvps__meeting=meeting, meeting_rsvps__answer="tidak")


def _describe(text):
    return lambda event, count: text() % {"title": event.title}


SCHEDULED = "meetings.scheduled"
CHANGED = "meetings.changed"
CANCELLED = "meetings.cancelled"
REMINDER_24H = "meetings.reminder_24h"
REMINDER_1H = "meetings.reminder_1h"

register(
    Kind(
        key=SCHEDULED,
        label=_("A meeting is scheduled in my community"),
        audience=_members,
        action="meeting.view_details",
        default=Delivery.DAILY,
        for_whom={MEMBERS},
        describe=_describe(lambda: gettext("New meeting: %(title)s")),
    )
)
register(
    Kind(
        key=CHANGED,
        label=_("A meeting of my community moves or changes"),
        audience=_coming,
        action="meeting.view_details",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=_describe(lambda: gettext("Meeting changed: %(title)s")),
    )
)
register(
    Kind(
        key=CANCELLED,
        label=_("A meeting of my community is cancelled"),
        audience=_coming,
        action="meeting.view_details",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=_describe(lambda: gettext("Meeting cancelled: %(title)s")),
    )
)
register(
    Kind(
        key=REMINDER_24H,
        label=_("Reminder a day before a meeting"),
        audience=_coming,
        action="meeting.view_details",
        default=Delivery.IMMEDIATELY,
        for_whom={MEMBERS},
        describe=_describe(lambda: gettext("Coming up: %(title)s")),
    )
)
register(
    Kind(
        key=REMINDER_1H,
        label=_("Reminder an hour before a meeting"),
        audience=_coming,
        action="meeting.view_details",
        default=Delivery.IN_APP,
        for_whom={MEMBERS},
        describe=_describe(lambda: gettext("Starting soon: %(title)s")),
    )
)
