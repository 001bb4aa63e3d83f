"""Inviting people by e-mail or by a shareable link, and accepting an invitation."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.access import access_community
from komunitas.communities.actions import (
    do_accept_invitation,
    do_create_invitation_link,
    do_invite_by_email,
    do_revoke_invitation,
)
from komunitas.communities.forms import EmailInvitationForm, InvitationLinkForm
from komunitas.communities.models import Community, Invitation, MembershipError


@require_http_methods(["GET", "POST"])
def invitations(request, slug):
    community = access_community(request.user, slug, manage=True)
    which = request.POST.get("form")
    email_form = EmailInvitationForm(
        request.POST if which == "email" else None,
        community=community,
        initial={"role": request.GET.get("role", "anggota")},
    )
    link_form = InvitationLinkForm(request.POST if which == "link" else None)
    if email_form.is_valid():
        invitation = do_invite_by_email(
            community=community, by=request.user, **email_form.cleaned_data
        )
        messages.success(
            request, _("The invitation is sent to %(email)s.") % {"email": invitation.email}
        )
        return redirect("communities:invitations", community.slug)
    if link_form.is_valid():
        do_create_invitation_link(community=community, by=request.user, **link_form.cleaned_data)
        messages.success(request, _("The link is ready. Share it below."))
        return redirect("communities:invitations", community.slug)
    active = community.invitations.usable().select_related("community")[:50]
    context = {
        "community": community,
        "email_form": email_form,
        "link_form": link_form,
        "active": active,
    }
    status = 400 if email_form.is_bound or link_form.is_bound else 200
    return render(request, "communities/invitations.html", context, status=status)


@require_POST
def invitation_revoke(request, slug, pk):
    community = access_community(request.user, slug, manage=True)
    invitation = get_object_or_404(community.invitations, pk=pk)
    do_revoke_invitation(invitation=invitation, by=request.user)
    messages.info(request, _("The invitation is revoked; its link no longer works."))
    return redirect("communities:invitations", community.slug)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, slug, token):
    """The page an invitation link opens. The token stands in for the right to see the
    community, so a private community shows itself only to someone holding its link."""
    invitation = (
        Invitation.objects.select_related("community", "created_by")
        .filter(token=token, community__slug=slug)
        .first()
    )
    if invitation is None or invitation.community.deleted_at:
        raise Http404
    community: Community = invitation.community
    if community.membership_of(request.user):
        return redirect(community)
    if invitation.problem() and community.is_private:
        # A link that no longer works shows nothing of a private community: not its name,
        # not its concern, not who invited.
        return render(request, "communities/invitation_gone.html", status=404)
    problem = invitation.problem_for(request.user)
    if request.method == "POST" and not problem:
        try:
            do_accept_invitation(invitation=invitation, user=request.user)
        except MembershipError as error:
            problem = str(error)
        else:
            messages.success(request, _("Welcome to %(name)s!") % {"name": community.name})
            return redirect(community)
    context = {"invitation": invitation, "community": community, "problem": problem}
    return render(
        request,
        "communities/invitation.html",
        context,
        status=400 if problem and request.method == "POST" else 200,
    )
