"""Reactions, solutions, spreading and moderation of a post."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.models import Community, Membership
from komunitas.discussions.access import access_post
from komunitas.discussions.forms import MoveForm, ReactionForm, ReasonForm, ShareForm
from komunitas.discussions.models import DiscussionError, Post, Reply
from komunitas.discussions.services import (
    feature_post,
    mark_solution,
    move_post,
    share_post,
    toggle_reaction,
    unmark_solution,
)
from komunitas.discussions.views.posts import _reaction_counts, _reactions
from komunitas.lib.http import absolute, is_htmx, parse_id
from komunitas.permissions import can, require


@require_POST
def react(request, pk):
    """Give or take back a reaction; an htmx request gets the reaction bar back."""
    post = access_post(request.user, pk)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        return render(request, "400.html", status=400)
    reply = None
    if form.cleaned_data["reply"]:
        reply = Reply.objects.filter(pk=form.cleaned_data["reply"], post=post).first()
        if reply is None:
            raise Http404
        reply.post = post
    try:
        toggle_reaction(user=request.user, post=post, reply=reply, kind=form.cleaned_data["kind"])
    except DiscussionError:
        return render(request, "400.html", status=400)
    if is_htmx(request):
        counts = _reaction_counts(post, request.user).get(reply.pk if reply else None, {})
        context = {"post": post, "reply": reply, "reactions": _reactions(counts), "may_react": True}
        return render(request, "discussions/includes/reactions.html", context)
    return redirect(reply.get_absolute_url() if reply else post)


@require_POST
def solution(request, pk):
    post = access_post(request.user, pk, "post.mark_solution")
    reply_id = request.POST.get("reply", "")
    if request.POST.get("unmark"):
        unmark_solution(post, by=request.user)
        messages.success(request, _("The post is no longer marked as solved."))
        return redirect(post)
    reply = Reply.objects.filter(pk=parse_id(reply_id) or 0, post=post).first()
    if reply is None:
        raise Http404
    try:
        mark_solution(post, reply, by=request.user)
    except DiscussionError as error:
        messages.error(request, str(error))
        return redirect(post)
    messages.success(request, _("Marked as the solution. It now shows first."))
    return redirect(post)


MODERATION = {
    # action: (rule, flag, value, reason required)
    "lock": ("post.moderate", "locked", True, False),
    "unlock": ("post.moderate", "locked", False, False),
    "pin": ("post.moderate", "pinned", True, False),
    "unpin": ("post.moderate", "pinned", False, False),
    "feature": ("post.feature", "featured", True, False),
    "unfeature": ("post.feature", "featured", False, False),
    "hide": ("post.moderate", None, True, True),
    "unhide": ("post.moderate", None, False, False),
}


@require_http_methods(["GET", "POST"])
def moderate(request, pk, action):
    """Lock, pin, feature or hide a post (and undo), with a reason for the moderation log."""
    if action not in MODERATION:
        raise Http404
    rule, flag, value, reason_required = MODERATION[action]
    post = access_post(request.user, pk, rule)
    form = ReasonForm(request.POST if request.method == "POST" else None, required=reason_required)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if flag == "featured":
            feature_post(post, by=request.user, featured=value, reason=reason)
        elif flag:
            post.set_flag(flag, value, by=request.user, reason=reason)
        elif value:
            post.hide(by=request.user, reason=reason)
        else:
            post.unhide(by=request.user, reason=reason)
        messages.success(request, _("Done. The moderation log keeps who did it and why."))
        return redirect(post)
    context = {"post": post, "form": form, "what": action}
    return render(
        request, "discussions/confirm.html", context, status=400 if form.is_bound else 200
    )


def _communities_where(user, roles, *, besides):
    """Communities where the user is an active member in one of ``roles``, other than
    ``besides``."""
    return (
        Community.objects.alive()
        .filter(
            memberships__user=user,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role__in=roles,
        )
        .exclude(pk=besides.pk)
        .order_by("name")
    )


def _facilitated_elsewhere(user, post):
    return _communities_where(user, [Membership.Role.FASILITATOR], besides=post.community)


@require_http_methods(["GET", "POST"])
def move(request, pk):
    post = access_post(request.user, pk, "post.move")
    form = MoveForm(
        request.POST if request.method == "POST" else None,
        communities=_facilitated_elsewhere(request.user, post),
    )
    if form.is_valid():
        try:
            move_post(
                post,
                by=request.user,
                community=form.cleaned_data["community"],
                reason=form.cleaned_data["reason"],
            )
        except DiscussionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The post is moved to %(name)s.") % {"name": form.cleaned_data["community"]},
            )
            return redirect(post)
    return render(
        request,
        "discussions/move_form.html",
        {"post": post, "form": form},
        status=400 if form.is_bound else 200,
    )


def _share_targets(user, post):
    """Communities the author posts in, other than the post's own."""
    roles = [Membership.Role.FASILITATOR, Membership.Role.ANGGOTA]
    return _communities_where(user, roles, besides=post.community)


@require_http_methods(["GET", "POST"])
def share(request, pk):
    """Share by link (a public post) and, for its author, into another community."""
    post = access_post(request.user, pk)
    may_link = can(request.user, "post.share_link", post)
    may_share = can(request.user, "post.share", post)
    if not (may_link or may_share):
        require(request.user, "post.share_link", post)
    form = None
    if may_share:
        form = ShareForm(
            request.POST if request.method == "POST" else None,
            communities=_share_targets(request.user, post),
        )
    if request.method == "POST":
        require(request.user, "post.share", post)
        if form.is_valid():
            try:
                copy = share_post(post, by=request.user, community=form.cleaned_data["community"])
            except DiscussionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Shared. The copy names where it comes from."))
                return redirect(copy)
    link = absolute(post.get_absolute_url())
    context = {"post": post, "form": form, "link": link, "may_link": may_link}
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "discussions/share.html", context, status=status)


def kinds_for(user, community):
    """The kinds of post the user may write in the community, for the "write" buttons."""
    if not can(user, "post.create", community):
        return []
    kinds = [k for k in Post.Kind if k != Post.Kind.ANNOUNCEMENT]
    if can(user, "post.announce", community):
        kinds.append(Post.Kind.ANNOUNCEMENT)
    return kinds
