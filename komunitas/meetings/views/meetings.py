"""A community's meetings: list, schedule from the rhythm, add, read, change and cancel."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from komunitas.communities.access import access_community
from komunitas.core.submissions import once_per_submission
from komunitas.discussions.models import Post
from komunitas.meetings import actions, services
from komunitas.meetings.access import access_meeting
from komunitas.meetings.forms import CancelForm, HorizonForm, MeetingForm, RhythmForm
from komunitas.meetings.ical import google_calendar_url
from komunitas.meetings.models import (
    ActionItem,
    Feedback,
    Meeting,
    Rsvp,
)
from komunitas.meetings.views.minutes import meeting_items
from komunitas.permissions import can, require
from komunitas.reads.recorder import record_read

PER_PAGE = 20
NAMES_SHOWN = 300  # names on the meeting page; the attendance page pages through all


def meeting_list(request, slug):
    community = access_community(request.user, slug)
    meetings = community.meetings.alive().select_related("community")
    now = timezone.now()
    show_past = request.GET.get("lalu") == "1"
    meetings = meetings.past(now) if show_past else meetings.upcoming(now)
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "community": community,
        "page": page,
        "show_past": show_past,
        "can_create": can(request.user, "meeting.create", community),
        "can_subscribe": can(request.user, "meeting.subscribe", community),
    }
    return render(request, "meetings/list.html", context)


@require_http_methods(["GET", "POST"])
def schedule_rhythm(request, slug):
    """The coming dates of the rhythm, ticked; the fasilitator unticks some and schedules."""
    community = access_community(request.user, slug)
    require(request.user, "meeting.create", community)
    if not community.rhythm_display():
        messages.warning(request, _("Set the community's rhythm first (day, time and how often)."))
        return redirect("communities:edit", community.slug)
    horizon = HorizonForm(request.GET or None)
    count = (horizon.is_valid() and horizon.cleaned_data["count"]) or 6
    plan = services.rhythm_plan(community, start=timezone.localdate(), count=count)
    data = request.POST if request.method == "POST" else None
    initial = {"title": _("Regular meeting of %(name)s") % {"name": community.name}}
    form = RhythmForm(data, plan=plan, initial=initial)
    if form.is_valid():
        made = actions.do_schedule_from_rhythm(
            community=community,
            by=request.user,
            dates=form.cleaned_data["dates"],
            **form.meeting_fields(),
        )
        messages.success(
            request,
            ngettext("%(n)d meeting is scheduled.", "%(n)d meetings are scheduled.", len(made))
            % {"n": len(made)},
        )
        return redirect("meetings:list", community.slug)
    context = {"community": community, "form": form, "plan": plan, "horizon": horizon}
    return render(request, "meetings/schedule.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@once_per_submission
def meeting_create(request, slug):
    community = access_community(request.user, slug)
    require(request.user, "meeting.create", community)
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(
        data,
        community=community,
        instance=Meeting(community=community),
        initial={"facilitator": request.user},
    )
    if form.is_valid():
        meeting = actions.do_create_meeting(
            meeting=form.save(commit=False), by=request.user, posts=form.cleaned_data["posts"]
        )
        messages.success(request, _("The meeting is scheduled and the members are told."))
        return redirect(meeting)
    context = {"community": community, "form": form}
    return render(request, "meetings/form.html", context, status=400 if form.is_bound else 200)


def _detail_context(request, meeting: Meeting) -> dict:
    user, community = request.user, meeting.community
    can_do = {
        action: can(user, f"meeting.{action}", meeting)
        for action in (
            "manage",
            "view_details",
            "rsvp",
            "check_in",
            "view_attendance",
            "view_minutes",
            "give_feedback",
            "view_feedback",
            "apply",
        )
    }
    rsvps = meeting.rsvps.all()
    posts = Post.objects.visible_to(user).listed().filter(meetings=meeting).order_by("-created_at")
    # One query each for the RSVP counts (with my answer) and attendance (with my check-in).
    rsvp_counts = rsvps.counts(user=user)
    attendance = meeting.attendances.aggregate(
        total=Count("pk"), mine=Max("checked_in_at", filter=Q(member=user.pk))
    )
    context = {
        "meeting": meeting,
        "community": community,
        "can": can_do,
        "rsvp_counts": rsvp_counts,
        "posts": posts[:30],
        "my_answer": rsvp_counts["mine"],
        "my_answer_label": dict(Rsvp.Answer.choices).get(rsvp_counts["mine"], ""),
        "answers": Rsvp.Answer.choices,
        # “Saya terapkan di kelas” (discussions' ClassroomApplication), once the meeting began.
        "show_applied": can_do["view_details"] and meeting.is_scheduled and meeting.has_started(),
        "attended_at": attendance["mine"],
        "attendance_count": attendance["total"],
        "checkin_open": meeting.checkin_open(),
        "previous_items": services.open_items_before(meeting)[:20]
        if can_do["view_details"]
        else [],
        "reminders": services.upcoming_reminders(meeting)
        if meeting.is_scheduled and not meeting.has_ended()
        else [],
        "google_url": google_calendar_url(meeting, details=can_do["view_details"]),
    }
    if can_do["view_attendance"]:
        coming = rsvps.filter(answer=Rsvp.Answer.YES).select_related("user")
        context["coming"] = coming[:NAMES_SHOWN]
        context["attendees"] = meeting.attendances.select_related("member")[:NAMES_SHOWN]
        context["names_shown"] = NAMES_SHOWN
    if can_do["view_minutes"]:
        context["items"] = meeting_items(user, meeting)
        context["photos"] = meeting.photos.filter(deleted_at__isnull=True)
        context["agreements"] = [line for line in meeting.agreements.splitlines() if line.strip()]
        context["today"] = timezone.localdate()
    if can_do["give_feedback"]:
        context["my_feedback"] = Feedback.objects.filter(meeting=meeting, member=user).first()
    if can_do["view_feedback"]:
        context["feedback_summary"] = meeting.feedback.summary()
    context["statuses"] = ActionItem.Status.choices
    return context


def meeting_detail(request, pk):
    meeting = access_meeting(request.user, pk)
    context = _detail_context(request, meeting)
    record_read(request.user, meeting.community)
    return render(request, "meetings/detail.html", context)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = access_meeting(request.user, pk, "meeting.manage")
    if meeting.is_cancelled:
        messages.warning(request, _("A cancelled meeting cannot be changed."))
        return redirect(meeting)
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, community=meeting.community, instance=meeting)
    if form.is_valid():
        actions.do_update_meeting(
            meeting=form.save(commit=False),
            changed=form.changed_fields(),
            by=request.user,
            posts=form.cleaned_data["posts"],
        )
        messages.success(request, _("The meeting is saved."))
        return redirect(meeting)
    context = {"community": meeting.community, "form": form, "meeting": meeting}
    return render(request, "meetings/form.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = access_meeting(request.user, pk, "meeting.manage")
    if meeting.is_cancelled:
        return redirect(meeting)
    data = request.POST if request.method == "POST" else None
    form = CancelForm(data)
    if form.is_valid():
        actions.do_cancel_meeting(
            meeting=meeting, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, _("The meeting is cancelled and the members are told."))
        return redirect(meeting)
    context = {"meeting": meeting, "community": meeting.community, "form": form}
    return render(request, "meetings/cancel.html", context, status=400 if form.is_bound else 200)
