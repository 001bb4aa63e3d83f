"""Meetings in the search: title, topic and agenda (what anyone who sees the meeting reads).

Minutes are left out: they are for members and partners only, while a public community's
meetings are visible to every signed-in teacher, and a snippet must never show more than that.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from komunitas.communities.models import Community
from komunitas.lib.markdown import plain_text
from komunitas.meetings.models import Meeting
from komunitas.search.registry import Document, register


def meeting_document(meeting: Meeting) -> Document | None:
    if meeting.deleted_at or meeting.community.deleted_at:
        return None
    when = date_format(meeting.local_start, "j F Y")
    body = " ".join(
        part for part in (when, meeting.topic, plain_text(meeting.agenda), meeting.place) if part
    )
    return Document(
        title=meeting.title,
        body=body,
        url=meeting.get_absolute_url(),
        created_at=meeting.starts_at,  # listed under its day, not the day it was planned
        community=meeting.community,
        author=meeting.facilitator,
        kind=meeting.status,
    )


register(
    "meetings.meeting",
    model=Meeting,
    label=_("Meetings"),
    document=meeting_document,
    visible_to=lambda user: Meeting.objects.visible_to(user),
    kinds=Meeting.Status.choices,
    queryset=lambda: Meeting.objects.select_related("community", "facilitator"),
    related={Community: lambda community: community.meetings.all()},
)
