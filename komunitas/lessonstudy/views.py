"""A community's lesson studies: list, plan, read, observe, reflect, conclude, delete."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.access import access_community
from komunitas.core.submissions import once_per_submission
from komunitas.lessonstudy import actions
from komunitas.lessonstudy.access import access_lesson_study
from komunitas.lessonstudy.actions import LessonStudyError
from komunitas.lessonstudy.forms import (
    ConcludeForm,
    DeleteForm,
    LinkMeetingForm,
    NewMeetingForm,
    ObservationForm,
    PlanForm,
)
from komunitas.lessonstudy.models import LessonStudy, LogEntry
from komunitas.lib import uploads
from komunitas.lib.request_limits import accepts_uploads
from komunitas.permissions import can, require
from komunitas.reads.recorder import record_read

PER_PAGE = 20
ACTIONS = ("manage", "observe", "view_notes", "delete")


def study_list(request, slug):
    community = access_community(request.user, slug)
    studies = (
        community.lesson_studies.alive()
        .select_related("teacher", "subject", "phase")
        .annotate(observer_count=Count("observations"))
        .order_by("-starts_at", "-pk")
    )
    page = Paginator(studies, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "community": community,
        "page": page,
        "can_create": can(request.user, "lesson_study.create", community),
    }
    record_read(request.user, community)
    return render(request, "lessonstudy/list.html", context)


def _form_page(request, template, context, form):
    return render(request, template, context, status=400 if form.is_bound else 200)


@accepts_uploads(files=1)
@require_http_methods(["GET", "POST"])
@once_per_submission
def study_create(request, slug):
    community = access_community(request.user, slug)
    require(request.user, "lesson_study.create", community)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, request.FILES or None, community=community)
    if form.is_valid():
        try:
            study = actions.do_plan_lesson_study(
                community=community,
                by=request.user,
                fields=form.plan_fields(),
                teacher=form.cleaned_data["teacher"],
                observers=list(form.cleaned_data["observers"]),
                plan_file=form.cleaned_data["lesson_plan_file"],
            )
        except LessonStudyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The lesson study is planned; the teacher and the observers are told.")
            )
            return redirect(study)
    context = {"community": community, "form": form}
    return _form_page(request, "lessonstudy/form.html", context, form)


@accepts_uploads(files=1)
@require_http_methods(["GET", "POST"])
def study_edit(request, pk):
    study = access_lesson_study(request.user, pk, "lesson_study.manage")
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, request.FILES or None, community=study.community, study=study)
    if form.is_valid():
        try:
            actions.do_update_lesson_study(
                study=study,
                by=request.user,
                fields=form.plan_fields(),
                teacher=form.cleaned_data["teacher"],
                observers=list(form.cleaned_data["observers"]),
                plan_file=form.cleaned_data["lesson_plan_file"],
                remove_file=form.cleaned_data.get("remove_file", False),
            )
        except LessonStudyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The lesson study is saved."))
            return redirect(study)
    context = {"community": study.community, "form": form, "study": study}
    return _form_page(request, "lessonstudy/form.html", context, form)


def _detail_context(request, study: LessonStudy) -> dict:
    user = request.user
    observations = list(study.observations.select_related("observer").order_by("pk"))
    study.observer_ids = {o.observer_id for o in observations}
    can_do = {action: can(user, f"lesson_study.{action}", study) for action in ACTIONS}
    context = {
        "study": study,
        "community": study.community,
        "can": can_do,
        "observations": observations,
        "mine": next((o for o in observations if o.observer_id == user.pk), None),
        "statuses": LessonStudy.Status.choices,
    }
    if can_do["manage"] and study.status in (
        LessonStudy.Status.OBSERVING,
        LessonStudy.Status.REFLECTION,
    ):
        context["link_form"] = LinkMeetingForm(study=study)
        if can(user, "meeting.create", study.community):
            context["meeting_form"] = NewMeetingForm(
                initial={
                    "title": _("Reflection: %(title)s") % {"title": study.title},
                    "zone": study.zone,
                    "duration_minutes": 60,
                    "place": study.place,
                }
            )
    if can_do["manage"] and study.status == LessonStudy.Status.REFLECTION:
        context["conclude_form"] = ConcludeForm()
    if can_do["manage"] and study.status == LessonStudy.Status.PLANNED:
        context["can_mark_taught"] = study.has_started()
    if can_do["view_notes"]:
        context["log"] = LogEntry.objects.filter(study=study).select_related("actor")[:20]
    meeting = study.reflection_meeting
    context["can_view_minutes"] = meeting is not None and can(user, "meeting.view_minutes", meeting)
    return context


def study_detail(request, pk):
    study = access_lesson_study(request.user, pk)
    record_read(request.user, study.community)
    return render(request, "lessonstudy/detail.html", _detail_context(request, study))


def _refuse(request, study, error):
    messages.error(request, str(error))
    return render(request, "lessonstudy/detail.html", _detail_context(request, study), status=400)


@require_http_methods(["GET", "POST"])
def observe(request, pk):
    study = access_lesson_study(request.user, pk, "lesson_study.observe")
    mine = study.observations.get(observer=request.user)
    data = request.POST if request.method == "POST" else None
    initial = {f: getattr(mine, f) for f in ("focus", "students_did", "evidence", "questions")}
    form = ObservationForm(data, initial=initial)
    if form.is_valid():
        try:
            actions.do_save_observation(study=study, observer=request.user, **form.cleaned_data)
        except LessonStudyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your observation notes are saved."))
            return redirect(study)
    context = {"study": study, "community": study.community, "form": form}
    return _form_page(request, "lessonstudy/observe.html", context, form)


@require_POST
def mark_taught(request, pk):
    study = access_lesson_study(request.user, pk, "lesson_study.manage")
    try:
        actions.do_mark_taught(study=study, by=request.user)
    except LessonStudyError as error:
        return _refuse(request, study, error)
    messages.success(request, _("The lesson is marked as taught: the observers write their notes."))
    return redirect(study)


@require_POST
def link_reflection(request, pk):
    study = access_lesson_study(request.user, pk, "lesson_study.manage")
    form = LinkMeetingForm(request.POST, study=study)
    if not form.is_valid():
        return _refuse(request, study, _("Choose a meeting of this community after the lesson."))
    try:
        actions.do_link_reflection(
            study=study, meeting=form.cleaned_data["meeting"], by=request.user
        )
    except LessonStudyError as error:
        return _refuse(request, study, error)
    messages.success(request, _("The reflection meeting is linked."))
    return redirect(study)


@require_POST
@once_per_submission
def schedule_reflection(request, pk):
    study = access_lesson_study(request.user, pk, "lesson_study.manage")
    require(request.user, "meeting.create", study.community)
    form = NewMeetingForm(request.POST)
    if form.is_valid():
        try:
            actions.do_schedule_reflection(
                study=study, meeting=form.meeting(facilitator=request.user), by=request.user
            )
        except LessonStudyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The reflection meeting is scheduled and the members are told.")
            )
            return redirect(study)
    context = _detail_context(request, study)
    context["meeting_form"] = form
    return render(request, "lessonstudy/detail.html", context, status=400)


@require_POST
def conclude(request, pk):
    study = access_lesson_study(request.user, pk, "lesson_study.manage")
    form = ConcludeForm(request.POST)
    if form.is_valid():
        try:
            actions.do_conclude(
                study=study, conclusion=form.cleaned_data["conclusion"], by=request.user
            )
        except LessonStudyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The lesson study is concluded."))
            return redirect(study)
    context = _detail_context(request, study)
    context["conclude_form"] = form
    return render(request, "lessonstudy/detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
def delete(request, pk):
    study = access_lesson_study(request.user, pk, "lesson_study.delete")
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.do_delete_lesson_study(
            study=study, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The lesson study is deleted."))
        return redirect("lessonstudy:list", study.community.slug)
    context = {"study": study, "community": study.community, "form": form}
    return _form_page(request, "lessonstudy/delete.html", context, form)


def plan_file(request, pk):
    study = access_lesson_study(request.user, pk)
    if not study.lesson_plan_file:
        raise Http404
    return uploads.serve_file(study.lesson_plan_file, study.lesson_plan_filename or None)
