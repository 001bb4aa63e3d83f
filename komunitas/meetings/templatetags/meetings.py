from django import template
from django.utils import timezone
from django.utils.formats import date_format

from komunitas.meetings import services
from komunitas.meetings.models import Meeting
from komunitas.permissions import can

register = template.Library()


@register.inclusion_tag("meetings/community_part.html", takes_context=True)
def community_meetings(context, community):
    """The community page's part: the next meeting, and the rhythm kept over three months."""
    user = context["request"].user
    next_meeting = (
        community.meetings.alive().upcoming().filter(status=Meeting.Status.SCHEDULED).first()
    )
    if next_meeting:
        next_meeting.community = community
    return {
        "community": community,
        "next": next_meeting,
        "adherence": services.rhythm_adherence(community, today=timezone.localdate()),
        "can_create": can(user, "meeting.create", community),
        "has_rhythm": bool(community.rhythm_frequency),
    }


ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _zone_name(tz) -> str:
    key = getattr(tz, "key", str(tz))
    return ZONE_NAMES.get(key, key)


@register.filter
def when(value, style="long"):
    """A moment in the reader's zone with the zone's name: “Kam, 8 Jan 2026 · 14.00 WIB”."""
    if not value:
        return ""
    local = timezone.localtime(value)
    pattern = "D, j M Y · H.i" if style == "long" else "H.i"
    return f"{date_format(local, pattern)} {_zone_name(local.tzinfo)}"


@register.filter
def meeting_when(meeting):
    """Start and end in the reader's zone; the meeting's own zone added when it differs."""
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    text = f"{date_format(start, 'l, j F Y · H.i')}–{date_format(end, 'H.i')} "
    text += _zone_name(start.tzinfo)
    if getattr(start.tzinfo, "key", "") != meeting.zone:
        own = meeting.local_start
        text += f" ({date_format(own, 'H.i')} {meeting.zone_name})"
    return text


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")
