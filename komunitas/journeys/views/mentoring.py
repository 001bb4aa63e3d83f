"""Pendampingan: asking for and proposing a pendamping, answering, and the community's page
where fasilitators see who has no plan and whose plan stalled."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.accounts.models import User
from komunitas.communities.access import access_community
from komunitas.communities.models import Membership
from komunitas.journeys import actions
from komunitas.journeys.access import access_mentorship
from komunitas.journeys.forms import AskMentorForm, ProposePairForm, StallForm
from komunitas.journeys.models import (
    LearningPlan,
    Mentorship,
    MentorshipError,
    TrainingChallenge,
)
from komunitas.lib.http import safe_next
from komunitas.permissions import can

OVERVIEW_PER_PAGE = 30
TRAININGS_PER_PAGE = 20
MENTEES_PER_PAGE = 20


def mentoring(request):
    """My pendamping, the members I accompany (with their shared plans) and open requests."""
    user = request.user
    mentees = (
        Mentorship.objects.active()
        .filter(mentor=user)
        .select_related("mentee__school", "community")
        .order_by("mentee__full_name", "pk")
    )
    page = Paginator(mentees, MENTEES_PER_PAGE).get_page(request.GET.get("page"))
    shown = [m.mentee_id for m in page.object_list]
    plans: dict[int, list] = {}
    for plan in (
        LearningPlan.objects.visible_to(user)
        .filter(owner_id__in=shown, status=LearningPlan.Status.ACTIVE)
        .order_by("owner_id", "-last_activity_at")
    ):
        plans.setdefault(plan.owner_id, []).append(plan)
    for mentorship in page.object_list:
        mentorship.shared_plans = plans.get(mentorship.mentee_id, [])[:5]
    context = {
        "page": page,
        "mentors": Mentorship.objects.active()
        .filter(mentee=user)
        .select_related("mentor", "community")[:20],
        "requests": Mentorship.objects.awaiting(user).select_related(
            "mentor", "mentee", "community", "requested_by"
        )[:20],
        "asked": Mentorship.objects.pending()
        .filter(Q(mentee=user) | Q(mentor=user) | Q(requested_by=user))
        .exclude(pk__in=Mentorship.objects.awaiting(user).values("pk"))
        .select_related("mentor", "mentee", "community")[:20],
    }
    return render(request, "journeys/mentoring.html", context)


@require_POST
def mentorship_decide(request, pk, decision):
    rules = {
        "terima": "mentorship.respond",
        "tolak": "mentorship.respond",
        "akhiri": "mentorship.end",
    }
    if decision not in rules:
        raise Http404
    mentorship = access_mentorship(request.user, pk, rules[decision])
    try:
        if decision == "terima" and actions.do_accept_mentorship(
            mentorship=mentorship, by=request.user
        ):
            messages.success(request, _("The pendampingan has started."))
        elif decision == "terima":
            other = mentorship.mentee if request.user == mentorship.mentor else mentorship.mentor
            messages.success(
                request,
                _("Thank you. The pendampingan starts when %(name)s agrees too.")
                % {"name": other.full_name},
            )
        elif decision == "tolak":
            actions.do_decline_mentorship(mentorship=mentorship, by=request.user)
            messages.info(request, _("The request is declined."))
        else:
            actions.do_end_mentorship(mentorship=mentorship, by=request.user)
            messages.info(request, _("The pendampingan has ended."))
    except MentorshipError as error:
        messages.error(request, str(error))
    return redirect(safe_next(request) or "journeys:mentoring")


def training_challenges(community):
    """Which trainings leave which challenges in this community: per training (by name and
    organiser), how many members posted challenges from it, how many, and how many are solved.

    Counted from the Tantangan posts members chose to post here; nobody's own notes are read.
    """
    return (
        TrainingChallenge.objects.filter(
            deleted_at__isnull=True,
            post__community=community,
            post__deleted_at__isnull=True,
            post__hidden_at__isnull=True,
        )
        .annotate(key=Lower("training__name"))
        .values("key", "training__organiser")
        .annotate(
            name=Min("training__name"),
            members=Count("training__member", distinct=True),
            challenges=Count("pk"),
            solved=Count("pk", filter=Q(post__solved_at__isnull=False)),
        )
        .order_by("-challenges", "key", "training__organiser")
    )


def _overview(community, weeks: int, show: str):
    """Members who post, with how many active plans, stalled plans and their last activity.

    Counts and dates only: no titles or content of anyone's plan.
    """
    since = timezone.now() - datetime.timedelta(weeks=weeks)
    active = LearningPlan.objects.active().filter(owner=OuterRef("pk")).values("owner")

    def count(qs):
        return Coalesce(
            Subquery(qs.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
            Value(0),
        )

    people = (
        User.objects.filter(
            memberships__community=community,
            memberships__status=Membership.Status.ACTIVE,
            memberships__role__in=[Membership.Role.FASILITATOR, Membership.Role.ANGGOTA],
        )
        .select_related("school")
        .annotate(
            plan_count=count(active),
            stalled_count=count(active.filter(last_activity_at__lt=since)),
            last_activity=Subquery(active.annotate(last=Max("last_activity_at")).values("last")),
        )
        .order_by("full_name", "pk")
    )
    if show == "no_plan":
        people = people.filter(plan_count=0)
    elif show == "stalled":
        people = people.filter(stalled_count__gt=0)
    return people


@require_http_methods(["GET", "POST"])
def community_page(request, slug):
    """Learning together in one community: ask for a pendamping; for fasilitators, pair members
    and see who needs reaching out to."""
    community = access_community(request.user, slug)
    user = request.user
    may_ask = can(user, "mentorship.ask", community)
    may_propose = can(user, "mentorship.propose", community)
    data = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if data else None
    ask_form = AskMentorForm(data if which == "ask" else None, community=community, user=user)
    propose_form = ProposePairForm(data if which == "propose" else None, community=community)
    bound = ask_form if which == "ask" else propose_form if which == "propose" else None
    if bound is not None:
        allowed = may_ask if which == "ask" else may_propose
        if not allowed:
            return render(request, "403.html", status=403)
        if bound.is_valid():
            d = bound.cleaned_data
            mentee = user if which == "ask" else d["mentee"]
            try:
                actions.do_request_mentorship(
                    community=community,
                    mentor=d["mentor"],
                    mentee=mentee,
                    by=user,
                    message=d.get("message", ""),
                )
            except MentorshipError as error:
                bound.add_error(None, str(error))
            else:
                messages.success(
                    request, _("The request is sent. It starts when the others agree.")
                )
                return redirect("journeys:community", slug=community.slug)
    pairs = Mentorship.objects.open().filter(community=community)
    if not may_propose:
        pairs = pairs.filter(Q(mentor=user) | Q(mentee=user))
    context = {
        "community": community,
        "may_ask": may_ask,
        "may_propose": may_propose,
        "ask_form": ask_form,
        "propose_form": propose_form,
        "pairs": pairs.select_related("mentor", "mentee")[:50],
        "may_see_trainings": can(user, "training.insights", community),
    }
    if can(user, "journeys.overview", community):
        stall = StallForm(request.GET or None)
        cleaned = stall.cleaned_data if stall.is_valid() else {}
        weeks = cleaned.get("weeks") or 3
        people = _overview(community, weeks, cleaned.get("show") or "")
        context.update(
            stall_form=stall,
            weeks=weeks,
            overview=Paginator(people, OVERVIEW_PER_PAGE).get_page(request.GET.get("page")),
        )
    if context["may_see_trainings"]:
        context["trainings"] = Paginator(
            training_challenges(community), TRAININGS_PER_PAGE
        ).get_page(request.GET.get("halaman"))
    status = 400 if bound is not None and bound.errors else 200
    return render(request, "journeys/community.html", context, status=status)
