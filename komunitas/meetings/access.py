"""Fetch a meeting and check access in one step (the only way views get one)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from komunitas.accounts.rules import is_operator
from komunitas.communities.models import LogEntry, write_log
from komunitas.meetings.models import Meeting
from komunitas.permissions import can


def access_meeting(user, pk: int, action: str = "meeting.view") -> Meeting:
    """The meeting if the user may see it and do ``action``.

    Http404 when they may not see it (a private community's meeting never shows that it
    exists), PermissionDenied when they may see it but not do ``action``. An operator's look
    into a private community is logged, as ``access_community`` does for the community's pages.
    """
    meeting = (
        Meeting.objects.alive()
        .select_related("community", "facilitator", "speaker")
        .filter(pk=pk)
        .first()
    )
    if meeting is None or not can(user, "meeting.view", meeting):
        raise Http404
    community = meeting.community
    if community.is_private and community.role_of(user) is None and is_operator(user):
        write_log(LogEntry.Kind.OPERATOR_ACCESS, community=community, actor=user)
    if action != "meeting.view" and not can(user, action, meeting):
        raise PermissionDenied
    return meeting
