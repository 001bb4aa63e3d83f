"""Fetch a community and check access in one step (the only way views get one)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from komunitas.accounts.rules import is_operator
from komunitas.communities.actions import do_log_operator_access
from komunitas.communities.models import Community
from komunitas.permissions import can


def access_community(user, slug: str, *, manage: bool = False) -> Community:
    """The community at ``slug`` if the user may see it (and manage it, when asked).

    Raises Http404 when the user may not see it, so a private community never shows that it
    exists, and PermissionDenied when they may see but not manage it.
    """
    community = (
        Community.objects.alive()
        .select_related("regency__province", "district")
        .filter(slug=slug)
        .first()
    )
    if community is None or not can(user, "community.view", community):
        raise Http404
    if manage and not can(user, "community.manage", community):
        raise PermissionDenied
    log_operator_access(user, community)
    return community


def log_operator_access(user, community: Community) -> None:
    """Write down an operator's look into a private community they do not belong to (the pages
    of the community itself and of what belongs to it, e.g. a meeting)."""
    if community.is_private and community.role_of(user) is None and is_operator(user):
        do_log_operator_access(community=community, by=user)
