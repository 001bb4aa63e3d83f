"""The community map (Lembar Identifikasi Komunitas Praktisi)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.actions import do_delete_map_entry, do_save_map_entry
from komunitas.communities.forms import MapEntryForm
from komunitas.communities.models import MapEntry
from komunitas.permissions import require

PER_PAGE = 20


def _access_entry(user, pk) -> MapEntry:
    entry = get_object_or_404(
        MapEntry.objects.select_related("community"), pk=pk, deleted_at__isnull=True
    )
    require(user, "community_map.edit", entry)
    return entry


@require_http_methods(["GET", "POST"])
def map_list(request):
    form = MapEntryForm(request.POST or None, user=request.user)
    if form.is_valid():
        do_save_map_entry(entry=form.save(commit=False), by=request.user)
        messages.success(request, _("The community is added to your map."))
        return redirect("communities:map")
    entries = MapEntry.objects.of(request.user).select_related("community")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    status = 400 if form.is_bound else 200
    return render(request, "communities/map.html", {"form": form, "page": page}, status=status)


@require_http_methods(["GET", "POST"])
def map_edit(request, pk):
    entry = _access_entry(request.user, pk)
    form = MapEntryForm(request.POST or None, instance=entry, user=request.user)
    if form.is_valid():
        do_save_map_entry(entry=form.save(commit=False), by=request.user)
        messages.success(request, _("The entry is saved."))
        return redirect("communities:map")
    status = 400 if form.is_bound else 200
    return render(
        request, "communities/map_entry.html", {"form": form, "entry": entry}, status=status
    )


@require_POST
def map_delete(request, pk):
    do_delete_map_entry(entry=_access_entry(request.user, pk))
    messages.info(request, _("The entry is deleted from your map."))
    return redirect("communities:map")


def map_start_community(request, pk):
    """Turn an entry into a new community: the start form, filled from the entry."""
    entry = _access_entry(request.user, pk)
    return redirect(reverse("communities:create") + f"?dari={entry.pk}")
