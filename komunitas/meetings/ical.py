"""Meetings as iCalendar (RFC 5545): one file per meeting, and feeds to subscribe to.

Each meeting is one VEVENT with a stable UID, its start and end in its own zone (with the
VTIMEZONE), and a SEQUENCE that grows with every change, so calendars move it when it moves. A
cancelled meeting stays in the feed with STATUS:CANCELLED, so subscribers see it cancelled.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from komunitas.lib.http import absolute
from komunitas.meetings.models import Meeting

PRODID = "-//Komunitas Praktisi//Pertemuan//ID"


def _description(meeting: Meeting, *, details: bool) -> str:
    parts = []
    if meeting.topic:
        parts.append(meeting.topic)
    if meeting.agenda:
        parts.append(meeting.agenda)
    if meeting.speaker_display:
        parts.append(_("Speaker: %(name)s") % {"name": meeting.speaker_display})
    if details and meeting.has_link and meeting.online_link:
        parts.append(_("Online: %(link)s") % {"link": meeting.online_link})
    if meeting.is_cancelled and meeting.cancel_reason:
        parts.append(_("Cancelled: %(reason)s") % {"reason": meeting.cancel_reason})
    parts.append(absolute(meeting.get_absolute_url()))
    return "\n\n".join(parts)


def _location(meeting: Meeting, *, details: bool) -> str:
    place = meeting.place if meeting.has_place else ""
    link = meeting.online_link if details and meeting.has_link else ""
    return " / ".join(part for part in (place, link) if part)


def meeting_event(meeting: Meeting, *, details: bool) -> Event:
    """``details``: whether the reader may see the online link (members only)."""
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", meeting.updated_at or timezone.now())
    event.add("last-modified", meeting.updated_at or timezone.now())
    event.add("created", meeting.created_at or timezone.now())
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    event.add("summary", f"{meeting.title} · {meeting.community.name}")
    event.add("description", _description(meeting, details=details))
    location = _location(meeting, details=details)
    if location:
        event.add("location", location)
    event.add("url", absolute(meeting.get_absolute_url()))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def calendar(meetings, *, name: str, details) -> bytes:
    """A VCALENDAR of ``meetings``; ``details(meeting)`` says whether to include the link."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, details=details(meeting)))
    cal.add_missing_timezones()
    return cal.to_ical()


def ics_response(body: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def google_calendar_url(meeting: Meeting, *, details: bool) -> str:
    """An “add to Google Calendar” link: times in UTC, the zone named for display."""
    fmt = "%Y%m%dT%H%M%SZ"
    start = meeting.starts_at.astimezone(datetime.UTC).strftime(fmt)
    end = meeting.ends_at.astimezone(datetime.UTC).strftime(fmt)
    query = {
        "action": "TEMPLATE",
        "text": f"{meeting.title} · {meeting.community.name}",
        "dates": f"{start}/{end}",
        "details": _description(meeting, details=details),
        "location": _location(meeting, details=details),
        "ctz": meeting.zone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)
