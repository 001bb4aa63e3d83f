"""Fetch a post or a reply and check access in one step (the only way views get one)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from komunitas.accounts.rules import is_operator
from komunitas.communities.actions import do_log_operator_access
from komunitas.communities.models import Community, Membership
from komunitas.discussions.models import Post, Reply
from komunitas.permissions import can


def access_post(user, pk, action: str | None = None) -> Post:
    """The post ``pk`` if the user may read it (and do ``action``, when asked).

    Http404 when they may not read it, so a post of a private community never shows that it
    exists; PermissionDenied when they may read but not do ``action``.
    """
    post = Post.objects.select_related("community", "author", "solution__author").filter(pk=pk)
    post = post.first()
    if post is None or not can(user, "post.view", post):
        raise Http404
    if action and not can(user, action, post):
        raise PermissionDenied
    return post


def access_reply(user, pk, action: str | None = None) -> Reply:
    reply = Reply.objects.select_related("post__community", "author").filter(pk=pk).first()
    if reply is None or not can(user, "post.view", reply.post):
        raise Http404
    if action and not can(user, action, reply):
        raise PermissionDenied
    return reply


def communities_for(user, action: str, *, besides):
    """The user's communities other than ``besides`` where they may do ``action``
    (``community.manage`` to move a post there, ``post.create`` to share one there)."""
    mine = Community.objects.of_member(user).exclude(pk=besides.pk)
    allowed = [c.pk for c in mine if can(user, action, c)]
    return Community.objects.filter(pk__in=allowed).order_by("name")


def log_members_only_access(user, post: Post) -> None:
    """Write down an operator's look at a members-only post of a community where they are not a
    colleague (fasilitator or anggota): operators read it to moderate, accountably."""
    if not post.members_only or not is_operator(user):
        return
    if post.community.role_of(user) in (Membership.Role.FASILITATOR, Membership.Role.ANGGOTA):
        return
    do_log_operator_access(community=post.community, by=user)
