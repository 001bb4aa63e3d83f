"""Calendars: an .ics per meeting, a feed per community and a secret feed per member.

Calendar programs fetch feeds without a session, so the two feeds are ``login_not_required``:
a public community's feed is open (without online links); a member's feed is found by its
secret token, and holds the meetings of the communities the member belongs to *now*, checked
through the permission layer on every fetch. A private community's meetings are never in a
feed without such a token.
"""

import datetime
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komunitas.communities.models import Community
from komunitas.lib.http import absolute
from komunitas.meetings import actions, ical
from komunitas.meetings.access import access_meeting
from komunitas.meetings.models import CalendarToken, Meeting
from komunitas.meetings.models.meeting import share_communities
from komunitas.permissions import can

PAST_DAYS = 180  # how far back a feed reaches
MAX_EVENTS = 500


def _feed_meetings(queryset) -> list[Meeting]:
    since = timezone.now() - datetime.timedelta(days=PAST_DAYS)
    meetings = (
        queryset.alive()
        .filter(starts_at__gte=since)
        .select_related("community")
        .order_by("starts_at")[:MAX_EVENTS]
    )
    return share_communities(meetings)


def meeting_ics(request, pk):
    meeting = access_meeting(request.user, pk)
    details = can(request.user, "meeting.view_details", meeting)
    body = ical.calendar([meeting], name=meeting.title, details=lambda m: details)
    filename = f"pertemuan-{meeting.pk}.ics"
    return ical.ics_response(body, filename=filename)


def _token_user(token: str):
    """The member whose feed this token opens, or None (compared in constant time)."""
    if not token or len(token) > 64:
        return None
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not secrets.compare_digest(found.token, token):
        return None
    if not found.user.is_active:
        return None
    return found


@login_not_required
def community_feed(request, slug):
    community = Community.objects.alive().filter(slug=slug).first()
    if community is None:
        raise Http404
    found = _token_user(request.GET.get("token", ""))
    reader = found.user if found else None
    member = bool(reader and can(reader, "meeting.subscribe", community))
    if community.is_private and not member:
        raise Http404  # never in a public feed, and never says that it exists
    body = ical.calendar(
        _feed_meetings(community.meetings),
        name=community.name,
        details=lambda meeting: member,
    )
    return ical.ics_response(body)


@login_not_required
def member_feed(request, token):
    found = _token_user(token)
    if found is None:
        raise Http404
    user = found.user
    meetings = [
        meeting
        for meeting in _feed_meetings(Meeting.objects.of_member(user))
        if can(user, "meeting.view_details", meeting)
    ]
    actions.do_note_feed_used(token=found)
    body = ical.calendar(
        meetings, name=_("My meetings · Komunitas Praktisi"), details=lambda meeting: True
    )
    return ical.ics_response(body)


@require_http_methods(["GET", "POST"])
def my_calendar(request):
    """The member's secret feed address, with a button that revokes it and makes a new one."""
    if request.method == "POST":
        actions.do_renew_calendar_address(user=request.user)
        messages.success(
            request, _("A new address is made. The old one no longer works; subscribe again.")
        )
        return redirect("meetings:my_calendar")
    token = actions.do_open_calendar_address(user=request.user)
    url = absolute(reverse("meetings:member_feed", args=[token.token]))
    context = {
        "token": token,
        "url": url,
        "webcal": "webcal://" + url.split("://", 1)[-1],
        "communities": Community.objects.of_member(request.user).order_by("name"),
    }
    return render(request, "meetings/my_calendar.html", context)
