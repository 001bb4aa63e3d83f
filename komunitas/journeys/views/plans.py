"""Learning plans, their goals and steps, and check-ins."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.models import Community
from komunitas.core.submissions import once_per_submission
from komunitas.discussions.models import Post
from komunitas.journeys import actions
from komunitas.journeys.about import about_key
from komunitas.journeys.access import access_plan
from komunitas.journeys.forms import (
    BagjaForm,
    CheckInForm,
    FirstGoalForm,
    GoalForm,
    PlanForm,
    ResponseForm,
    StepForm,
)
from komunitas.journeys.models import (
    CheckIn,
    Goal,
    LearningPlan,
    Mentorship,
    Reflection,
    Step,
    Training,
)
from komunitas.lib import uploads
from komunitas.lib.request_limits import accepts_uploads
from komunitas.permissions import can, require

PER_PAGE = 20
CHECKINS_PER_PAGE = 10


def _post(request):
    return request.POST if request.method == "POST" else None


def index(request):
    """Belajar: the member's own learning at a glance."""
    user = request.user
    plans = (
        LearningPlan.objects.alive()
        .filter(owner=user)
        .annotate(
            steps_total=Count("steps", distinct=True),
            steps_done=Count("steps", filter=Q(steps__done_at__isnull=False), distinct=True),
        )
        .order_by("status", "next_checkin_on", "-pk")[:6]
    )
    context = {
        "plans": plans,
        "reflections": Reflection.objects.alive().filter(author=user)[:5],
        "trainings": Training.objects.of(user)[:5],
        "mentors": Mentorship.objects.active()
        .filter(mentee=user)
        .select_related("mentor", "community")[:10],
        "mentees": Mentorship.objects.active()
        .filter(mentor=user)
        .select_related("mentee", "community")[:10],
        "pending": Mentorship.objects.pending().filter(mentor=user).count(),
        "communities": Community.objects.of_member(user).order_by("name")[:10],
    }
    return render(request, "journeys/index.html", context)


def plan_list(request):
    plans = (
        LearningPlan.objects.alive()
        .filter(owner=request.user)
        .select_related("community", "pendamping")
        .annotate(
            steps_total=Count("steps", distinct=True),
            steps_done=Count("steps", filter=Q(steps__done_at__isnull=False), distinct=True),
        )
        .order_by("status", "-last_activity_at", "-pk")
    )
    page = Paginator(plans, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "journeys/plan_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@transaction.atomic
def plan_create(request):
    require(request.user, "plan.create")
    form = PlanForm(_post(request), user=request.user)
    goal_form = FirstGoalForm(_post(request), user=request.user)
    if form.is_bound and form.is_valid() & goal_form.is_valid():
        plan = actions.do_create_plan(
            plan=form.save(commit=False), owner=request.user, goal=goal_form.save(commit=False)
        )
        messages.success(request, _("Your learning plan is saved. Add its steps."))
        return redirect(plan)
    status = 400 if form.is_bound else 200
    context = {"form": form, "goal_form": goal_form}
    return render(request, "journeys/plan_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@transaction.atomic
def plan_create_bagja(request):
    require(request.user, "plan.create")
    form = BagjaForm(_post(request), user=request.user)
    if form.is_valid():
        plan = actions.do_create_plan(
            plan=form.save(commit=False),
            owner=request.user,
            goal=form.bagja_goal(),
            steps=form.step_lines(),
        )
        messages.success(request, _("Your BAGJA plan is saved. Give its steps target dates."))
        return redirect(plan)
    status = 400 if form.is_bound else 200
    return render(request, "journeys/plan_bagja.html", {"form": form}, status=status)


def _goals(user, plan) -> list:
    """The plan's goals; a goal's concern is shown only to those who may read that post."""
    goals = list(plan.goals.select_related("concern"))
    concern_ids = [g.concern_id for g in goals if g.concern_id]
    readable = set(
        Post.objects.visible_to(user).filter(pk__in=concern_ids).values_list("pk", flat=True)
        if concern_ids
        else ()
    )
    for goal in goals:
        goal.readable_concern = goal.concern if goal.concern_id in readable else None
    return goals


def plan_detail(request, pk):
    plan = access_plan(request.user, pk)
    is_owner = plan.owner_id == request.user.pk  # the wording of the page, not a permission
    can_edit = can(request.user, "plan.edit", plan)
    checkins = plan.checkins.select_related("author", "responded_by")
    page = Paginator(checkins, CHECKINS_PER_PAGE).get_page(request.GET.get("page"))
    may_respond = bool(page.object_list) and can(request.user, "checkin.respond", page[0])
    context = {
        "plan": plan,
        "is_owner": is_owner,
        "can_edit": can_edit,
        "can_checkin": can(request.user, "plan.checkin", plan),
        "goals": _goals(request.user, plan),
        "steps": plan.steps.all(),
        "page": page,
        "may_respond": may_respond,
        "goal_form": GoalForm(user=request.user) if can_edit else None,
        "step_form": StepForm() if can_edit else None,
        "reflections": Reflection.objects.visible_to(request.user).filter(
            about_type=ContentType.objects.get_for_model(LearningPlan), about_id=plan.pk
        )[:10],
        "plan_key": about_key(plan),
    }
    return render(request, "journeys/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = access_plan(request.user, pk, edit=True)
    form = PlanForm(_post(request), instance=plan, user=request.user)
    if form.is_valid():
        actions.do_update_plan(plan=form.save(commit=False))
        messages.success(request, _("The plan is saved."))
        return redirect(plan)
    status = 400 if form.is_bound else 200
    return render(request, "journeys/plan_form.html", {"form": form, "plan": plan}, status=status)


@require_POST
def plan_status(request, pk):
    plan = access_plan(request.user, pk, edit=True)
    status = request.POST.get("status", "")
    if status not in LearningPlan.Status.values:
        raise Http404
    actions.do_set_plan_status(plan=plan, status=status)
    messages.success(
        request, _("The plan is now: %(status)s.") % {"status": plan.get_status_display()}
    )
    return redirect(plan)


@require_POST
def plan_delete(request, pk):
    actions.do_delete_plan(plan=access_plan(request.user, pk, edit=True))
    messages.info(request, _("The plan is deleted."))
    return redirect("journeys:plans")


def _render_plan(request, plan, forms):
    """The plan page again with a failed form and the typed text (status 400)."""
    checkins = plan.checkins.select_related("author", "responded_by")
    page = Paginator(checkins, CHECKINS_PER_PAGE).get_page(1)
    context = {
        "plan": plan,
        "is_owner": True,
        "can_edit": True,  # only the owner posts these forms (access_plan(edit=True))
        "can_checkin": can(request.user, "plan.checkin", plan),
        "goals": _goals(request.user, plan),
        "steps": plan.steps.all(),
        "page": page,
        "goal_form": GoalForm(user=request.user),
        "step_form": StepForm(),
        "reflections": [],
        "plan_key": about_key(plan),
        **forms,
    }
    return render(request, "journeys/plan_detail.html", context, status=400)


@require_POST
def goal_add(request, pk):
    plan = access_plan(request.user, pk, edit=True)
    form = GoalForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_plan(request, plan, {"goal_form": form})
    actions.do_add_goal(plan=plan, goal=form.save(commit=False))
    messages.success(request, _("The goal is added."))
    return redirect(plan)


@require_POST
def goal_delete(request, pk):
    goal = get_object_or_404(Goal.objects.select_related("plan"), pk=pk)
    access_plan(request.user, goal.plan_id, edit=True)
    if not actions.do_delete_goal(goal=goal):
        messages.error(request, _("A plan keeps at least one goal."))
    return redirect(goal.plan)


@require_POST
def step_add(request, pk):
    plan = access_plan(request.user, pk, edit=True)
    form = StepForm(request.POST)
    if not form.is_valid():
        return _render_plan(request, plan, {"step_form": form})
    actions.do_add_step(plan=plan, step=form.save(commit=False))
    messages.success(request, _("The step is added."))
    return redirect(plan)


@require_http_methods(["GET", "POST"])
def step_edit(request, pk):
    step = get_object_or_404(Step, pk=pk)
    plan = access_plan(request.user, step.plan_id, edit=True)
    form = StepForm(_post(request), instance=step)
    if form.is_valid():
        actions.do_update_step(step=form.save(commit=False))
        return redirect(plan)
    status = 400 if form.is_bound else 200
    context = {"form": form, "plan": plan, "step": step}
    return render(request, "journeys/step_form.html", context, status=status)


@require_POST
def step_toggle(request, pk):
    step = get_object_or_404(Step, pk=pk)
    plan = access_plan(request.user, step.plan_id, edit=True)
    if request.POST.get("delete"):
        actions.do_delete_step(step=step)
    else:
        actions.do_toggle_step(step=step)
    return redirect(plan)


@accepts_uploads(documents=False)
@require_http_methods(["GET", "POST"])
@once_per_submission
def checkin(request, pk):
    plan = access_plan(request.user, pk)
    require(request.user, "plan.checkin", plan)
    form = CheckInForm(_post(request), request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        actions.do_record_checkin(
            plan=plan,
            author=request.user,
            status=data["status"],
            note=data["note"],
            evidence=data.get("evidence"),
        )
        messages.success(request, _("Thank you. Your check-in is saved."))
        return redirect(plan)
    status = 400 if form.is_bound else 200
    return render(
        request, "journeys/checkin_form.html", {"form": form, "plan": plan}, status=status
    )


def checkin_evidence(request, pk):
    """The evidence photo of a check-in, to whoever may read the plan."""
    item = get_object_or_404(CheckIn, pk=pk)
    access_plan(request.user, item.plan_id)
    if not item.evidence:
        raise Http404
    return uploads.serve_file(item.evidence, inline=True)


@require_http_methods(["GET", "POST"])
def checkin_respond(request, pk):
    item = get_object_or_404(CheckIn.objects.select_related("author"), pk=pk)
    plan = access_plan(request.user, item.plan_id)
    item.plan = plan
    require(request.user, "checkin.respond", item)
    form = ResponseForm(_post(request), initial={"response": item.response})
    if form.is_valid():
        actions.do_respond_to_checkin(
            checkin=item, by=request.user, text=form.cleaned_data["response"]
        )
        messages.success(request, _("Your response is saved."))
        return redirect(plan.get_absolute_url() + f"#checkin-{item.pk}")
    status = 400 if form.is_bound else 200
    context = {"form": form, "plan": plan, "checkin": item}
    return render(request, "journeys/checkin_respond.html", context, status=status)
