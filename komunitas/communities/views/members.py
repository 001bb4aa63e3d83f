"""Joining, leaving, join requests and the member directory with its management."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.accounts.models import Subject
from komunitas.communities.access import access_community
from komunitas.communities.actions import (
    do_approve_join_request,
    do_ask_to_join,
    do_change_role,
    do_decline_join_request,
    do_join,
    do_leave,
    do_remove_member,
)
from komunitas.communities.forms import JoinRequestForm, MemberFilterForm, ReasonForm, RoleForm
from komunitas.communities.models import JoinRequest, Membership, MembershipError
from komunitas.permissions import can, require

PER_PAGE = 30


@require_http_methods(["GET", "POST"])
def community_join(request, slug):
    """Join an open community at once, or ask to join one that needs approval."""
    community = access_community(request.user, slug)
    if request.method == "POST" and can(request.user, "community.join", community):
        try:
            do_join(community=community, user=request.user)
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Welcome! You are now a member."))
        return redirect(community)
    require(request.user, "community.ask_to_join", community)
    form = JoinRequestForm(request.POST or None)
    if form.is_valid():
        try:
            do_ask_to_join(
                community=community, user=request.user, message=form.cleaned_data["message"]
            )
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your request is sent. A fasilitator will answer it."))
        return redirect(community)
    status = 400 if form.is_bound else 200
    return render(
        request, "communities/join.html", {"community": community, "form": form}, status=status
    )


@require_POST
def community_leave(request, slug):
    community = access_community(request.user, slug)
    membership = community.membership_of(request.user)
    if membership is None:
        return redirect(community)
    try:
        do_leave(membership=membership)
    except MembershipError as error:
        messages.error(request, str(error))
        return redirect(community)
    messages.info(request, _("You left %(name)s.") % {"name": community.name})
    return redirect("communities:list")


def join_requests(request, slug):
    community = access_community(request.user, slug, manage=True)
    pending = community.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
        "user__school"
    )
    page = Paginator(pending, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "communities/join_requests.html", {"community": community, "page": page})


@require_POST
def join_request_approve(request, slug, pk):
    community = access_community(request.user, slug, manage=True)
    join_request = get_object_or_404(community.join_requests, pk=pk)
    try:
        do_approve_join_request(join_request=join_request, by=request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is now a member.") % {"name": join_request.user})
    return redirect("communities:join_requests", community.slug)


@require_http_methods(["GET", "POST"])
def join_request_decline(request, slug, pk):
    community = access_community(request.user, slug, manage=True)
    join_request = get_object_or_404(community.join_requests.select_related("user"), pk=pk)
    form = ReasonForm(request.POST or None)
    if form.is_valid():
        try:
            do_decline_join_request(
                join_request=join_request, by=request.user, reason=form.cleaned_data["reason"]
            )
        except MembershipError as error:
            form.add_error("reason", str(error))
        else:
            messages.info(request, _("The request is declined."))
            return redirect("communities:join_requests", community.slug)
    status = 400 if form.is_bound else 200
    context = {
        "community": community,
        "form": form,
        "target": join_request.user,
        "title": _("Decline the request of %(name)s") % {"name": join_request.user},
    }
    return render(request, "communities/reason.html", context, status=status)


def member_list(request, slug):
    community = access_community(request.user, slug)
    require(request.user, "community.view_members", community)
    form = MemberFilterForm(request.GET or None, community=community)
    members = (
        community.active_memberships()
        .select_related("user__school")
        .prefetch_related(Prefetch("user__subjects", queryset=Subject.objects.order_by("position")))
    )
    if form.is_valid():
        if form.cleaned_data["school"]:
            members = members.filter(user__school=form.cleaned_data["school"])
        if form.cleaned_data["role"]:
            members = members.filter(role=form.cleaned_data["role"])
        if form.cleaned_data["subject"]:
            members = members.filter(user__subjects=form.cleaned_data["subject"])
    members = members.order_by("role", "user__full_name", "pk")
    page = Paginator(members, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "community": community,
        "form": form,
        "page": page,
        "manage": can(request.user, "community.manage", community),
        "roles": Membership.Role.choices,
    }
    return render(request, "communities/members.html", context)


@require_POST
def member_role(request, slug, pk):
    community = access_community(request.user, slug, manage=True)
    membership = get_object_or_404(community.active_memberships().select_related("user"), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
    else:
        try:
            do_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display()},
            )
    if membership.user_id == request.user.pk and not can(
        request.user, "community.manage", _fresh(community)
    ):
        return redirect(community)
    return redirect("communities:members", community.slug)


def _fresh(community):
    community.forget_membership_cache()
    return community


@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    community = access_community(request.user, slug, manage=True)
    membership = get_object_or_404(community.active_memberships().select_related("user"), pk=pk)
    form = ReasonForm(request.POST or None)
    if form.is_valid():
        try:
            do_remove_member(
                membership=membership, by=request.user, reason=form.cleaned_data["reason"]
            )
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.info(request, _("%(name)s is removed.") % {"name": membership.user})
            return redirect("communities:members", community.slug)
    status = 400 if form.is_bound else 200
    context = {
        "community": community,
        "form": form,
        "target": membership.user,
        "title": _("Remove %(name)s from the community") % {"name": membership.user},
    }
    return render(request, "communities/reason.html", context, status=status)
