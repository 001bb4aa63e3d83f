"""Dashboards, value-creation stories and reports (/wawasan/)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.accounts.models import User
from komunitas.certificates.figures import issued_in
from komunitas.communities.access import access_community
from komunitas.communities.models import Community, Membership
from komunitas.insights import actions, dashboard, reports
from komunitas.insights.forms import ReportForm, StoryForm
from komunitas.insights.links import visible_links
from komunitas.insights.models import Report, Story
from komunitas.insights.participation import Level
from komunitas.insights.period import CHOICES, Period
from komunitas.insights.scope import Kind, Scope, resolve, scopes_of
from komunitas.lib.uploads import serve_file
from komunitas.permissions import can, require

COMMUNITIES_PER_PAGE = 20
MEMBERS_PER_PAGE = 30
STORIES_PER_PAGE = 20


def access_scope(user, kind: str, ref: str = "") -> Scope:
    """The scope named in the URL if this user may see it; 404 otherwise, so that a dashboard
    of another school or district does not even show that it exists."""
    scope = resolve(kind, ref)
    if not can(user, "insights.view_scope", scope):
        raise Http404
    return scope


def index(request):
    scopes = scopes_of(request.user)
    return render(
        request,
        "insights/index.html",
        {"scopes": scopes, "reports": Report.objects.filter(requested_by=request.user)[:5]},
    )


def _communities_page(request, scope: Scope, total: int):
    """The scope's communities the viewer may see by name, and how many private others."""
    in_scope = scope.communities()
    named = in_scope & Community.objects.visible_to(request.user)
    members = (
        Membership.objects.filter(
            community=OuterRef("pk"),
            status=Membership.Status.ACTIVE,
            role__in=[Membership.Role.FASILITATOR, Membership.Role.ANGGOTA],
        )
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    named = named.annotate(member_count=Coalesce(Subquery(members), 0)).select_related("regency")
    page = Paginator(named.order_by("name"), COMMUNITIES_PER_PAGE).get_page(request.GET.get("page"))
    return page, total - page.paginator.count


def _dashboard(request, scope: Scope):
    period = Period.from_request(request)
    try:
        context = dashboard.build(scope, period)
    except dashboard.NotCountedYet:
        return render(request, "insights/counting.html", {"scope": scope, "period": period})
    context.update(
        periods=CHOICES,
        can_view_members=can(request.user, "insights.view_members", scope),
        stories=Story.objects.visible_to(request.user)
        .filter(
            community__in=scope.communities().values("pk"),
            shared_with_partners=True,
        )
        .select_related("author", "community")[:5],
        report_form=ReportForm(period=period),
        certificates=issued_in(
            scope.communities(), Community.objects.visible_to(request.user), *period.bounds()
        ),
    )
    if scope.kind != Kind.COMMUNITY:
        context["communities"], context["hidden_communities"] = _communities_page(
            request, scope, context["raw"]["communities"]
        )
    return render(request, "insights/dashboard.html", context)


def dashboard_view(request, kind, ref):
    return _dashboard(request, access_scope(request.user, kind, ref))


def dashboard_installation(request):
    return _dashboard(request, access_scope(request.user, Kind.INSTALLATION))


def schools_without(request, kind, ref):
    """The schools of a region without a community, for the dinas to reach out to."""
    scope = access_scope(request.user, kind, ref)
    if scope.kind not in (Kind.REGENCY, Kind.INSTALLATION, Kind.SUPERVISION):
        raise Http404
    page = Paginator(dashboard.schools_without_community(scope), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "insights/schools_without.html", {"scope": scope, "page": page})


def members(request, slug):
    """Participation member by member, for a community's fasilitators."""
    community = access_community(request.user, slug)
    scope = Scope(Kind.COMMUNITY, slug, community=community)
    if not can(request.user, "insights.view_members", scope):
        raise Http404
    from komunitas.insights.participation import participation

    found = participation(scope)
    level = request.GET.get("tingkat", "")
    rows = sorted(
        (p for p in found.values() if not level or p.level == level),
        key=lambda p: (-p.contributions, -p.reading_days, p.user_id),
    )
    page = Paginator(rows, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    people = User.objects.select_related("school").in_bulk([p.user_id for p in page])
    for p in page:
        p.user = people[p.user_id]
    return render(
        request,
        "insights/members.html",
        {"community": community, "page": page, "levels": Level.choices, "level": level},
    )


# --- stories -------------------------------------------------------------------------------------


def story_list(request):
    stories = Story.objects.visible_to(request.user).select_related("author", "community")
    mine = request.GET.get("saya") == "1"
    if mine:
        stories = stories.filter(author=request.user)
    # ?komunitas=<slug>: the stories of one community (linked from its page); an unknown or
    # hidden community simply finds none, through visible_to above.
    community_slug = request.GET.get("komunitas", "")[:60]
    if community_slug:
        stories = stories.filter(community__slug=community_slug)
    page = Paginator(stories, STORIES_PER_PAGE).get_page(request.GET.get("page"))
    can_write = Community.objects.of_member(request.user).filter(
        memberships__user=request.user,
        memberships__role__in=[Membership.Role.FASILITATOR, Membership.Role.ANGGOTA],
    )[:20]
    return render(
        request,
        "insights/story_list.html",
        {"page": page, "mine": mine, "communities": can_write},
    )


def _story(user, pk) -> Story:
    story = (
        Story.objects.visible_to(user)
        .select_related("author__school", "community")
        .filter(pk=pk)
        .first()
    )
    if story is None:
        raise Http404
    return story


def story_detail(request, pk):
    story = _story(request.user, pk)
    return render(
        request,
        "insights/story.html",
        {
            "story": story,
            "links": visible_links(request.user, story),
            "can_edit": can(request.user, "story.edit", story),
            "community_visible": can(request.user, "community.view", story.community),
        },
    )


@require_http_methods(["GET", "POST"])
def story_create(request, slug):
    community = access_community(request.user, slug)
    require(request.user, "story.create", community)
    data = request.POST if request.method == "POST" else None
    form = StoryForm(data, community=community, author=request.user)
    if form.is_valid():
        story = actions.do_save_story(
            story=form.save(commit=False),
            community=community,
            author=request.user,
            links=form.chosen_links(),
        )
        messages.success(request, _("Thank you: your story is saved."))
        return redirect(story)
    status = 400 if form.is_bound else 200
    return render(
        request, "insights/story_form.html", {"form": form, "community": community}, status=status
    )


@require_http_methods(["GET", "POST"])
def story_edit(request, pk):
    story = _story(request.user, pk)
    require(request.user, "story.edit", story)
    data = request.POST if request.method == "POST" else None
    form = StoryForm(data, instance=story, community=story.community, author=story.author)
    if form.is_valid():
        story = actions.do_save_story(
            story=form.save(commit=False),
            community=story.community,
            author=story.author,
            links=form.chosen_links(),
        )
        messages.success(request, _("The story is saved."))
        return redirect(story)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "insights/story_form.html",
        {"form": form, "community": story.community, "story": story},
        status=status,
    )


@require_POST
def story_delete(request, pk):
    story = _story(request.user, pk)
    require(request.user, "story.edit", story)
    actions.do_delete_story(story=story)
    messages.success(request, _("The story is deleted."))
    return redirect("insights:stories")


# --- reports -------------------------------------------------------------------------------------


@require_POST
def report_create(request, kind, ref=""):
    scope = access_scope(request.user, kind, ref)
    form = ReportForm(request.POST)
    if not form.is_valid():
        period = Period.from_request(request)
        context = dashboard.build(scope, period)
        context.update(periods=CHOICES, report_form=form, stories=[], report_errors=True)
        if scope.kind != Kind.COMMUNITY:
            context["communities"], context["hidden_communities"] = _communities_page(
                request, scope, context["raw"]["communities"]
            )
        return render(request, "insights/dashboard.html", context, status=400)
    period = Period(form.cleaned_data["start"], form.cleaned_data["end"])
    report = actions.do_request_report(scope=scope, period=period, by=request.user)
    return redirect(report)


def _report(user, pk) -> Report:
    report = get_object_or_404(Report, pk=pk, requested_by=user)
    if not can(user, "insights.download_report", report):
        raise Http404
    return report


def report_detail(request, pk):
    report = _report(request.user, pk)
    template = "insights/report.html"
    if request.headers.get("HX-Request"):
        template = "insights/includes/report_status.html"  # the include the page shows it with
    return render(request, template, {"report": report})


def report_list(request):
    page = Paginator(Report.objects.filter(requested_by=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "insights/report_list.html", {"page": page})


FORMATS = {
    "pdf": ("pdf", "application/pdf"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": ("csv", "text/csv; charset=utf-8"),
}


def report_download(request, pk, fmt):
    report = _report(request.user, pk)
    if fmt not in FORMATS or report.status != Report.Status.DONE:
        raise Http404
    field, content_type = FORMATS[fmt]
    filename = f"{reports.file_stem(report)}.{fmt}"
    return serve_file(getattr(report, field), filename, content_type)
