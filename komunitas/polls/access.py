"""Fetch a poll and check access in one step (the only way views get one)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from komunitas.communities.access import log_operator_access
from komunitas.permissions import can
from komunitas.polls.models import Poll


def access_poll(user, pk: int, action: str = "poll.view") -> Poll:
    """The poll if the user may see it and do ``action``: Http404 when they may not see it (a
    private community's poll never shows that it exists), PermissionDenied when they may see
    it but not do ``action``. An operator's look into a private community is logged."""
    poll = Poll.objects.alive().select_related("community", "author").filter(pk=pk).first()
    if poll is None or not can(user, "poll.view", poll):
        raise Http404
    log_operator_access(user, poll.community)
    if action != "poll.view" and not can(user, action, poll):
        raise PermissionDenied
    return poll
