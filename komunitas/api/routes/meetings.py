"""Meetings: my communities' (or one community's) meetings in a calendar range, RSVP and
check-in with the code shown at the meeting."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field as F
from ninja import Query, Router

from komunitas.api.auth import require_write
from komunitas.api.errors import Problem
from komunitas.api.paging import page
from komunitas.api.routes.common import READ_ERRORS, WRITE_ERRORS, Id, Paging, link
from komunitas.api.schemas import (
    CheckInIn,
    CheckInOut,
    MeetingOut,
    MeetingPage,
    RsvpIn,
    RsvpOut,
)
from komunitas.communities.access import access_community
from komunitas.meetings import actions
from komunitas.meetings.access import access_meeting
from komunitas.meetings.models import Meeting
from komunitas.meetings.models.attendance import CheckInError

router = Router()
LONGEST_RANGE = datetime.timedelta(days=400)
DAY = {"format": "date"}
FIRST_START = datetime.date(1900, 1, 1)  # earlier days are this one
LAST_START = datetime.date(9000, 1, 1)  # later days are this one (no overflow past year 9999)


class MeetingFilters(Paging):
    community: str | None = F(None, max_length=100, description="a community's slug")
    start: str | None = F(
        None, max_length=10, json_schema_extra=DAY, description="from this day (default: now)"
    )
    end: str | None = F(None, max_length=10, json_schema_extra=DAY,
                        description="until this day (at most 400 days later)")  # fmt: skip


def meeting_out(meeting) -> dict:
    return {
        "id": meeting.pk,
        "community": meeting.community.slug,
        "title": meeting.title,
        "topic": meeting.topic,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "mode": meeting.mode,
        "place": meeting.place,
        "status": meeting.status,
        "url": link(meeting),
    }


def _day(value: str, field: str) -> datetime.datetime:
    try:
        day = max(min(datetime.date.fromisoformat(value), LAST_START), FIRST_START)
    except ValueError:
        message = _("Not a date (YYYY-MM-DD).")
        raise Problem(
            422, message, errors=[{"field": f"query.{field}", "message": message}]
        ) from None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@router.get("", response={200: MeetingPage, **READ_ERRORS}, summary="Meetings")
def meeting_list(request, filters: Query[MeetingFilters]):
    """The meetings of the caller's communities (or of `community`, as its page *Pertemuan*
    lists them), in time order, from `start` (default now: the coming ones) until `end`
    (at most 400 days after `start`; a longer range is cut there).
    Example: `GET /api/v1/meetings?start=2026-01-01&end=2026-01-31`."""
    if filters.community:
        community = access_community(request.user, filters.community)
        meetings = community.meetings.alive()
    else:
        meetings = Meeting.objects.of_member(request.user)
    start = _day(filters.start, "start") if filters.start is not None else timezone.now()
    end = start + LONGEST_RANGE
    if filters.end is not None:
        end = min(end, _day(filters.end, "end") + datetime.timedelta(days=1))
    meetings = meetings.filter(ends_at__gt=start, starts_at__lt=end)
    meetings = meetings.select_related("community").order_by("starts_at", "pk")
    rows, following = page(request, meetings, cursor=filters.cursor, limit=filters.limit)
    return {"items": [meeting_out(m) for m in rows], "next": following}


@router.get("/{pk}", response={200: MeetingOut, **READ_ERRORS}, summary="One meeting")
def meeting_detail(request, pk: Id):
    return meeting_out(access_meeting(request.user, pk))


@router.post("/{pk}/rsvp", response={200: RsvpOut, **WRITE_ERRORS}, summary="RSVP")
def rsvp(request, pk: Id, data: RsvpIn):
    require_write(request)
    meeting = access_meeting(request.user, pk, "meeting.rsvp")
    try:
        answer = actions.do_rsvp(meeting=meeting, user=request.user, answer=data.answer)
    except actions.MeetingFull:
        raise Problem(
            409, _("The meeting is full. Answer “maybe” to be told of changes.")
        ) from None
    return {"meeting_id": meeting.pk, "answer": answer.answer}


@router.post("/{pk}/check-in", response={200: CheckInOut, **WRITE_ERRORS},
             summary="Check in with the code")  # fmt: skip
def check_in(request, pk: Id, data: CheckInIn):
    require_write(request)
    meeting = access_meeting(request.user, pk, "meeting.check_in")
    try:
        actions.do_check_in(meeting=meeting, member=request.user, code=data.code)
    except CheckInError as error:
        raise Problem(409, str(error)) from None
    return {"meeting_id": meeting.pk, "checked_in": True}
