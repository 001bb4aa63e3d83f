"""Discover, start, read and edit communities."""

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, Subquery
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from komunitas.communities.access import access_community
from komunitas.communities.actions import do_start_community, do_update_community
from komunitas.communities.forms import (
    REGION_FIELDS,
    CommunityForm,
    DiscoverForm,
    RegionForm,
    consistent_regions,
    region_of,
    typed_initial,
)
from komunitas.communities.models import Community, JoinRequest, LogEntry, MapEntry, Membership
from komunitas.lib.http import parse_id
from komunitas.permissions import can, require
from komunitas.reads.recorder import record_read

PER_PAGE = 20
PUBLIC_EVENTS = [
    LogEntry.Kind.COMMUNITY_STARTED,
    LogEntry.Kind.MEMBER_JOINED,
    LogEntry.Kind.COMMITMENT_CHANGED,
]


def community_list(request):
    form = DiscoverForm(request.GET or None, user=request.user)
    communities = Community.objects.visible_to(request.user)
    if form.is_valid() and form.cleaned_data["mine"]:
        communities = communities & Community.objects.of_member(request.user)
    communities = (
        communities.search(**form.filters())
        .with_member_count()
        .select_related("regency")
        .order_by("name")
    )
    page = Paginator(communities, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "communities/list.html", {"form": form, "page": page})


def _map_entry(request):
    """The map entry a new community is made from (``?dari=<pk>``), if it is the user's own."""
    pk = parse_id(request.GET.get("dari", ""))
    return MapEntry.objects.of(request.user).filter(pk=pk).first() if pk else None


@require_http_methods(["GET", "POST"])
def community_create(request):
    require(request.user, "community.create")
    entry = _map_entry(request)
    initial = {**region_of(request.user), **(entry.community_initial() if entry else {})}
    form = _community_form(request, initial=initial)
    if form.is_valid():
        community = do_start_community(
            community=form.save(commit=False),
            by=request.user,
            related=form.related(),
            from_entry=entry,
        )
        messages.success(request, _("Your community is started. You are its fasilitator."))
        return redirect(community)
    status = 400 if form.is_bound else 200
    return render(request, "communities/form.html", {"form": form}, status=status)


def _community_form(request, **kwargs) -> CommunityForm:
    """The community form; bound to a POST, except when the POST only asks to narrow the
    region choices (the no-JavaScript way of the province → regency → kecamatan cascade):
    then it shows what was typed again, unvalidated."""
    kwargs["user"] = request.user
    if request.method != "POST":
        return CommunityForm(**kwargs)
    if "refresh_regions" in request.POST:
        typed = typed_initial(CommunityForm, request.POST)
        typed.update(consistent_regions(*(request.POST.get(name, "") for name in REGION_FIELDS)))
        return CommunityForm(**{**kwargs, "initial": typed})
    return CommunityForm(request.POST, **kwargs)


def region_fields(request):
    """The region selects narrowed to what is chosen (an htmx partial of the community form)."""
    codes = consistent_regions(*(request.GET.get(name, "") for name in REGION_FIELDS))
    form = RegionForm(initial=codes)
    return render(request, "communities/region_fields.html", {"form": form})


def community_detail(request, slug):
    community = access_community(request.user, slug)
    membership = community.membership_of(request.user)
    record_read(request.user, community)
    manage = can(request.user, "community.manage", community)
    aggregates = {
        "total": Count("pk"),
        "fasilitators": Count("pk", filter=Q(role=Membership.Role.FASILITATOR)),
        "partners": Count("pk", filter=Q(role=Membership.Role.MITRA)),
    }
    if manage:  # the waiting join requests, in the same query (the page has a query budget)
        pending = (
            community.join_requests.filter(status=JoinRequest.Status.PENDING)
            .order_by()
            .values("community_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        aggregates["pending"] = Max(Subquery(pending))
    counts = community.memberships.filter(status=Membership.Status.ACTIVE).aggregate(**aggregates)
    leaders = (
        community.active_memberships()
        .filter(role__in=[Membership.Role.FASILITATOR, Membership.Role.MITRA])
        .select_related("user__school")
        .order_by("role", "user__full_name")[:30]
    )
    context = {
        "community": community,
        "membership": membership,
        "counts": counts,
        "leaders": leaders,
        **_curriculum(community),
        "schools": community.schools.all()[:20],
        "commitments": _commitments(request.user, community),
        "activity": community.log_entries.filter(kind__in=PUBLIC_EVENTS).select_related(
            "actor", "subject_user"
        )[:8],
        "pending_requests": counts.get("pending") or 0,
        "my_request": None
        if membership
        else community.join_requests.filter(user=request.user).order_by("-created_at").first(),
        "removed": None if membership else community.removed_membership_of(request.user),
        "can": {
            **{
                action: can(request.user, f"community.{action}", community)
                for action in (
                    "manage",
                    "join",
                    "ask_to_join",
                    "leave",
                    "view_members",
                    "add_commitment",
                    "report",
                )
            },
            "view_dashboard": can(request.user, "insights.view_community", community),
        },
        "district_map": community.regency_id
        and can(request.user, "district_map.view", community.regency),
    }
    return render(request, "communities/detail.html", context)


def _curriculum(community) -> dict:
    """The community's subjects and phases: reference data that changes only when the
    community is saved (``updated_at`` is in the key), so cached rather than asked each visit."""
    key = f"community:{community.pk}:curriculum:{community.updated_at.timestamp()}"
    cached = cache.get(key)
    if cached is None:
        cached = {
            "subjects": list(community.subjects.all()),
            "phases": list(community.phases.all()),
        }
        cache.set(key, cached, 24 * 3600)
    return cached


def _commitments(user, community) -> list:
    """The community's commitments, each with whether the reader may change it."""
    commitments = list(community.commitments.alive().select_related("partner")[:20])
    for commitment in commitments:
        commitment.editable = can(user, "commitment.edit", commitment)
    return commitments


@require_http_methods(["GET", "POST"])
def community_edit(request, slug):
    community = access_community(request.user, slug, manage=True)
    form = _community_form(request, instance=community)
    if form.is_valid():
        community = do_update_community(
            community=form.save(commit=False), by=request.user, related=form.related()
        )
        messages.success(request, _("The settings are saved."))
        return redirect(community)
    if form.is_bound:
        community.refresh_from_db()  # links on the page keep the saved address
    status = 400 if form.is_bound else 200
    return render(
        request, "communities/form.html", {"form": form, "community": community}, status=status
    )
