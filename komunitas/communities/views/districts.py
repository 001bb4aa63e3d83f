"""The shared map of a kabupaten/kota: its stakeholders by influence and interest, its
communities on the platform, their partners, and the Lembar Identifikasi entries members share.

Who may see it is ``district_map.view`` (rules.py); what is shown of communities always goes
through ``Community.objects.visible_to``, so a private community appears, and is counted, only
for its own members and operators.
"""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.accounts.models import Regency, User
from komunitas.accounts.rules import is_operator
from komunitas.communities.actions import (
    do_decline_stakeholder,
    do_delete_stakeholder,
    do_link_stakeholder,
    do_save_stakeholder,
    do_unlink_stakeholder,
)
from komunitas.communities.forms import (
    StakeholderFilterForm,
    StakeholderForm,
    StakeholderLinkForm,
    link_candidates,
)
from komunitas.communities.models import (
    Community,
    MapEntry,
    Membership,
    Stakeholder,
    SupportCommitment,
)
from komunitas.communities.models.stakeholders import Level, StakeholderLinkError
from komunitas.communities.rules import visible_districts
from komunitas.permissions import can, require

PER_PAGE = 30


def _posted(request):
    """The form data of a POST (even an empty one, which is bad input), None for a GET."""
    return request.POST if request.method == "POST" else None


SHOWN = 8  # of each list on the map page; the rest are a link away
PER_CELL = 5  # names in each cell of the influence × interest grid


def access_district(user, code: str) -> Regency:
    """The kabupaten/kota if the user shares in its map; 404 for an unknown code, 403 else."""
    if not re.fullmatch(r"\d{2}\.\d{2}", code):
        raise Http404
    regency = get_object_or_404(Regency.objects.select_related("province"), code=code)
    require(user, "district_map.view", regency)
    return regency


def district_index(request):
    """Go to one's own district map, or choose among several."""
    regencies = visible_districts(request.user).select_related("province").order_by("code")
    page = Paginator(regencies, PER_PAGE).get_page(request.GET.get("page"))
    if page.paginator.count == 1 and not is_operator(request.user):
        return redirect("communities:district", page.object_list[0].code)
    return render(request, "communities/district_index.html", {"page": page})


def _visible_communities(user, regency):
    return Community.objects.visible_to(user).filter(regency=regency)


def _partners(user, regency):
    """Partners (mitra) of the district's communities the user may see, with how many of those
    communities each supports and the commitments they recorded there."""
    visible = _visible_communities(user, regency)
    mitra = Membership.objects.filter(
        community__in=visible, role=Membership.Role.MITRA, status=Membership.Status.ACTIVE
    )
    per_partner = mitra.filter(user=OuterRef("pk")).values("user").annotate(n=Count("pk"))
    commitments = (
        SupportCommitment.objects.alive()
        .filter(partner=OuterRef("pk"), community__in=visible)
        .values("partner")
        .annotate(n=Count("pk"))
    )
    return (
        User.objects.filter(pk__in=mitra.values("user_id"))
        .annotate(
            community_count=Subquery(per_partner.values("n")),
            commitment_count=Subquery(commitments.values("n")),
        )
        .select_related("school")
        .order_by("full_name", "pk")
    )


def _grid(regency) -> list[dict]:
    """The influence × interest grid: rows from high to low influence, columns from low to
    high interest; each cell with its count and its first names (one query)."""
    ranked = (
        Stakeholder.objects.of_district(regency)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("influence"), F("interest")],
                order_by=[F("name").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=PER_CELL)
    )
    counts = {
        (row["influence"], row["interest"]): row["n"]
        for row in Stakeholder.objects.of_district(regency)
        .values("influence", "interest")
        .annotate(n=Count("pk"))
        .order_by()
    }
    cells: dict = {}
    for stakeholder in ranked:
        cells.setdefault((stakeholder.influence, stakeholder.interest), []).append(stakeholder)
    levels = [Level.HIGH, Level.MEDIUM, Level.LOW]
    return [
        {
            "influence": influence,
            "label": Level(influence).label,
            "cells": [
                {
                    "interest": interest,
                    "label": Level(interest).label,
                    "people": cells.get((influence, interest), []),
                    "count": counts.get((influence, interest), 0),
                }
                for interest in reversed(levels)
            ],
        }
        for influence in levels
    ]


def district_map(request, code):
    regency = access_district(request.user, code)
    communities = _visible_communities(request.user, regency).with_member_count()
    partners = _partners(request.user, regency)
    entries = MapEntry.objects.shared_in(regency).select_related("owner", "community")
    context = {
        "regency": regency,
        "grid": _grid(regency),
        "stakeholder_count": Stakeholder.objects.of_district(regency).count(),
        "communities": communities.order_by("name")[: SHOWN + 1],
        "partners": partners[: SHOWN + 1],
        "entries": _with_visible_community(
            request.user, entries.order_by("-influence", "name", "pk")[: SHOWN + 1]
        ),
        "shown": SHOWN,
    }
    return render(request, "communities/district.html", context)


def stakeholder_list(request, code):
    regency = access_district(request.user, code)
    form = StakeholderFilterForm(request.GET or None)
    # The communities each supports, as far as the reader may see them (one query for all).
    supported = Prefetch(
        "communities",
        queryset=Community.objects.visible_to(request.user).order_by("name"),
        to_attr="visible_communities",
    )
    stakeholders = (
        form.filter(Stakeholder.objects.of_district(regency))
        .select_related("added_by", "account")
        .prefetch_related(supported)
    )
    page = Paginator(stakeholders, PER_PAGE).get_page(request.GET.get("page"))
    for stakeholder in page.object_list:
        stakeholder.editable = can(request.user, "stakeholder.edit", stakeholder)
        stakeholder.linkable = can(request.user, "stakeholder.link", stakeholder)
    context = {"regency": regency, "form": form, "page": page}
    return render(request, "communities/stakeholders.html", context)


@require_http_methods(["GET", "POST"])
def stakeholder_form(request, code, pk=None):
    regency = access_district(request.user, code)
    stakeholder = None
    if pk is not None:
        stakeholder = get_object_or_404(Stakeholder.objects.of_district(regency), pk=pk)
        require(request.user, "stakeholder.edit", stakeholder)
    form = StakeholderForm(
        _posted(request), instance=stakeholder, regency=regency, user=request.user
    )
    if form.is_valid():
        stakeholder = do_save_stakeholder(
            stakeholder=form.save(commit=False),
            regency=regency,
            by=request.user,
            communities=form.chosen_communities(),
        )
        messages.success(request, _("%(name)s is on the district map.") % {"name": stakeholder})
        return redirect("communities:stakeholders", regency.code)
    status = 400 if form.is_bound else 200
    context = {"regency": regency, "form": form, "stakeholder": stakeholder}
    return render(request, "communities/stakeholder_form.html", context, status=status)


@require_POST
def stakeholder_delete(request, code, pk):
    regency = access_district(request.user, code)
    stakeholder = get_object_or_404(Stakeholder.objects.of_district(regency), pk=pk)
    if not can(request.user, "stakeholder.edit", stakeholder):
        raise PermissionDenied
    do_delete_stakeholder(stakeholder=stakeholder, by=request.user)
    messages.info(request, _("%(name)s is removed from the map.") % {"name": stakeholder})
    return redirect("communities:stakeholders", regency.code)


def _stakeholder_to_link(request, code, pk) -> tuple[Regency, Stakeholder]:
    regency = access_district(request.user, code)
    stakeholder = get_object_or_404(
        Stakeholder.objects.of_district(regency).select_related("account", "declined_by"), pk=pk
    )
    require(request.user, "stakeholder.link", stakeholder)
    return regency, stakeholder


@require_http_methods(["GET", "POST"])
def stakeholder_link(request, code, pk):
    """Link a stakeholder to the account of the person or office it names."""
    regency, stakeholder = _stakeholder_to_link(request, code, pk)
    words = request.GET.get("q", "").replace("\x00", "")[:100] if request.method == "GET" else ""
    form = StakeholderLinkForm(
        _posted(request),
        candidates=link_candidates(request.user, regency, words),
        stakeholder=stakeholder,
    )
    if form.is_valid():
        account = form.cleaned_data["account"]
        try:
            do_link_stakeholder(stakeholder=stakeholder, account=account, by=request.user)
        except StakeholderLinkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(account)s is linked to %(name)s and will hear of it.")
                % {"account": account, "name": stakeholder.name},
            )
            return redirect(
                f"{reverse('communities:stakeholders', args=[regency.code])}#s{stakeholder.pk}"
            )
    status = 400 if form.is_bound else 200
    context = {"regency": regency, "stakeholder": stakeholder, "form": form, "words": words}
    return render(request, "communities/stakeholder_link.html", context, status=status)


@require_POST
def stakeholder_unlink(request, code, pk):
    """Take the account off a stakeholder entry; the entry stays as written."""
    regency, stakeholder = _stakeholder_to_link(request, code, pk)
    if stakeholder.account_id:
        do_unlink_stakeholder(stakeholder=stakeholder, by=request.user)
        messages.info(
            request, _("%(name)s is no longer linked to an account.") % {"name": stakeholder.name}
        )
    return redirect(f"{reverse('communities:stakeholders', args=[regency.code])}#s{stakeholder.pk}")


def my_stakeholder_entries(request):
    """Where the person is named as a stakeholder: the entries as written about them, the
    communities each supports as far as they may see them, and a way to decline."""
    supported = Prefetch(
        "communities",
        queryset=Community.objects.visible_to(request.user).order_by("name"),
        to_attr="visible_communities",
    )
    entries = (
        Stakeholder.objects.alive()
        .filter(account=request.user)
        .select_related("regency", "account_linked_by")
        .prefetch_related(supported)
        .order_by("regency__name", "name", "pk")
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.map_open = can(request.user, "district_map.view", entry.regency)
    return render(request, "communities/my_stakeholder_entries.html", {"page": page})


@require_POST
def stakeholder_decline(request, pk):
    """The person named declines: they are unlinked and not linked to this entry again."""
    stakeholder = get_object_or_404(Stakeholder.objects.alive(), pk=pk)
    if not can(request.user, "stakeholder.hear_of_link", stakeholder):
        raise Http404  # someone else's entry: nothing to see here
    do_decline_stakeholder(stakeholder=stakeholder, by=request.user)
    messages.info(
        request,
        _("You are no longer linked to %(name)s. Nobody can link you to it again.")
        % {"name": stakeholder.name},
    )
    return redirect("communities:my_stakeholder_entries")


def district_partners(request, code):
    regency = access_district(request.user, code)
    page = Paginator(_partners(request.user, regency), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "communities/district_partners.html", {"regency": regency, "page": page})


def district_entries(request, code):
    regency = access_district(request.user, code)
    entries = (
        MapEntry.objects.shared_in(regency)
        .select_related("owner", "community")
        .order_by("-influence", "name", "pk")
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    _with_visible_community(request.user, page.object_list)
    return render(request, "communities/district_entries.html", {"regency": regency, "page": page})


def _with_visible_community(user, entries) -> list:
    """Mark which entries' platform communities the user may open (one query for all): the
    entry of a private community names it only to those who may see it."""
    entries = list(entries)
    linked = {e.community_id for e in entries if e.community_id}
    visible = set(
        Community.objects.visible_to(user).filter(pk__in=linked).values_list("pk", flat=True)
    )
    for entry in entries:
        entry.visible_community = entry.community if entry.community_id in visible else None
    return entries
