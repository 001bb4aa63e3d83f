"""Fetch a meeting and check access in one step (the only way views get one)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from komunitas.communities.access import log_operator_access
from komunitas.communities.models import Community
from komunitas.meetings.models import ActionItem, Meeting
from komunitas.meetings.models.meeting import share_meeting_communities
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
    log_operator_access(user, meeting.community)
    if action != "meeting.view" and not can(user, action, meeting):
        raise PermissionDenied
    return meeting


def access_action_item(user, pk: int, action: str = "action_item.update") -> ActionItem:
    """The action item if the user may see its meeting (Http404 otherwise) and change it
    (``action_item.update``), and, when ``action`` names a ``meeting.*`` action, do that with
    its meeting (PermissionDenied otherwise)."""
    item = ActionItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    item.meeting = access_meeting(user, item.meeting_id)
    if not can(user, "action_item.update", item):
        raise PermissionDenied
    if action != "action_item.update" and not can(user, action, item.meeting):
        raise PermissionDenied
    return item


def flag_action_items(user, items) -> list[ActionItem]:
    """The action items, each with ``can_update``: whether the user may change its status (the
    ``action_item.update`` rule, so the template shows the form or only the status). Items of
    one community should share its Community object (``share_meeting_communities``), so that
    the checks ask one query per community."""
    items = share_meeting_communities(items)
    communities = {id(item.meeting.community): item.meeting.community for item in items}
    Community.remember_membership_of(user, communities.values())
    for item in items:
        item.can_update = can(user, "action_item.update", item)
    return items
