"""Support commitments (dukungan) that partners give a community."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.access import access_community
from komunitas.communities.actions import do_delete_commitment, do_save_commitment
from komunitas.communities.forms import CommitmentForm
from komunitas.permissions import require


@require_http_methods(["GET", "POST"])
def commitment_form(request, slug, pk=None):
    community = access_community(request.user, slug)
    commitment = None
    if pk is None:
        require(request.user, "community.add_commitment", community)
    else:
        commitment = get_object_or_404(community.commitments.alive(), pk=pk)
        require(request.user, "commitment.edit", commitment)
    form = CommitmentForm(
        request.POST or None, instance=commitment, community=community, user=request.user
    )
    if form.is_valid():
        commitment = form.save(commit=False)
        commitment.community = community
        do_save_commitment(commitment=commitment, by=request.user)
        messages.success(request, _("The support commitment is saved."))
        return redirect(community)
    status = 400 if form.is_bound else 200
    context = {"community": community, "form": form, "commitment": commitment}
    return render(request, "communities/commitment_form.html", context, status=status)


@require_POST
def commitment_delete(request, slug, pk):
    community = access_community(request.user, slug)
    commitment = get_object_or_404(community.commitments.alive(), pk=pk)
    require(request.user, "commitment.edit", commitment)
    do_delete_commitment(commitment=commitment, by=request.user)
    messages.info(request, _("The support commitment is deleted."))
    return redirect(community)
