"""Fetch a meeting and check access in one step (the only way views get one)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from komunitas.communities.access import access_community
from komunitas.meetings.models import Meeting
from komunitas.permissions import can


def access_meeting(user, pk: int, action: str = "meeting.view") -> Meeting:
    """The meeting if the user may see it and do ``action``.

    Http404 when they may not see it (a private community's meeting never shows that it
    exists), PermissionDenied when they may see it but not do ``action``. Goes through
    ``access_community`` so an operator's look into a private community is logged.
    """
    meeting = (
        Meeting.objects.select_related("community", "facilitator", "speaker")
        .filter(pk=pk, deleted_at__isnull=True)
        .first()
    )
    if meeting is None:
        raise Http404
    meeting.community = access_community(user, meeting.community.slug)
    if not can(user, "meeting.view", meeting):
        raise Http404
    if action != "meeting.view" and not can(user, action, meeting):
        raise PermissionDenied
    return meeting
