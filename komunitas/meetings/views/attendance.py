"""RSVP, self check-in with the code or QR, the fasilitator's attendance list and its export."""

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.accounts.models import User
from komunitas.core.submissions import once_per_submission
from komunitas.lib import spreadsheets
from komunitas.lib.http import absolute, parse_id
from komunitas.meetings import actions
from komunitas.meetings.access import access_meeting
from komunitas.meetings.forms import CheckInForm, RsvpForm
from komunitas.meetings.models import Attendance, CheckInError, Rsvp

PER_PAGE = 50


@require_POST
@once_per_submission
def rsvp(request, pk):
    meeting = access_meeting(request.user, pk, "meeting.rsvp")
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether you will come."))
        return redirect(meeting)
    try:
        actions.do_rsvp(meeting=meeting, user=request.user, answer=form.cleaned_data["answer"])
    except actions.MeetingFull:
        messages.error(request, _("The meeting is full. Answer “maybe” to be told of changes."))
        return redirect(meeting)
    messages.success(request, _("Thank you, your answer is saved."))
    return redirect(meeting)


@require_http_methods(["GET", "POST"])
@once_per_submission
def check_in(request, pk):
    """The page a member opens from the QR code (the code filled in) or by typing the code."""
    meeting = access_meeting(request.user, pk, "meeting.check_in")
    data = request.POST if request.method == "POST" else None
    initial = {"code": request.GET.get("kode", "")[:20]}
    form = CheckInForm(data, initial=initial)
    status = 200
    if form.is_valid():
        method = Attendance.Method.QR if request.POST.get("via") == "qr" else Attendance.Method.CODE
        try:
            attendance = actions.do_check_in(
                meeting=meeting, member=request.user, code=form.cleaned_data["code"], method=method
            )
        except CheckInError as error:
            form.add_error("code", str(error))
            status = 400
        else:
            if attendance.late:
                messages.warning(request, _("You are checked in (late). Welcome!"))
            else:
                messages.success(request, _("You are checked in. Welcome!"))
            return redirect(meeting)
    elif form.is_bound:
        status = 400
    context = {
        "meeting": meeting,
        "community": meeting.community,
        "form": form,
        "via_qr": bool(initial["code"]),
        "attended": meeting.attendances.filter(member=request.user).first(),
    }
    return render(request, "meetings/check_in.html", context, status=status)


def qr_svg(text: str) -> str:
    """A QR code as inline SVG, drawn on the server (no script, no image request)."""
    qr = segno.make(text, error="m")
    return mark_safe(  # noqa: S308  (segno's own SVG of our own URL)
        qr.svg_inline(scale=8, border=4, dark="#000", light="#fff", omitsize=True)
    )


@require_http_methods(["GET", "POST"])
def checkin_code(request, pk):
    """For the fasilitator: the code and QR to show on the projector, and a new code."""
    meeting = access_meeting(request.user, pk, "meeting.manage")
    if request.method == "POST":
        actions.do_new_checkin_code(meeting=meeting, by=request.user)
        messages.success(request, _("A new code is made; the old one no longer works."))
        return redirect("meetings:code", meeting.pk)
    url = (
        absolute(reverse("meetings:check_in", args=[meeting.pk])) + f"?kode={meeting.checkin_code}"
    )
    context = {
        "meeting": meeting,
        "community": meeting.community,
        "qr": qr_svg(url),
        "url": url,
        "open": meeting.checkin_open(),
        "opens": meeting.checkin_opens(),
        "closes": meeting.checkin_closes(),
    }
    return render(request, "meetings/code.html", context)


@require_http_methods(["GET", "POST"])
def attendance_list(request, pk):
    """Every member with a present/absent toggle; changes after the meeting are corrections."""
    meeting = access_meeting(request.user, pk, "meeting.manage")
    if request.method == "POST":
        member = get_object_or_404(
            Attendance.expected_members(meeting), pk=parse_id(request.POST.get("member")) or 0
        )
        present = request.POST.get("present") == "1"
        note = request.POST.get("note", "")
        changed = actions.do_mark_attendance(
            meeting=meeting, member=member, present=present, by=request.user, note=note
        )
        if changed:
            text = _("%(name)s is marked present.") if present else _("%(name)s is marked absent.")
            messages.success(request, text % {"name": member.full_name})
        return redirect(
            f"{reverse('meetings:attendance', args=[meeting.pk])}?{request.GET.urlencode()}"
        )
    members = (
        Attendance.expected_members(meeting)
        .annotate(
            present=Exists(Attendance.objects.filter(meeting=meeting, member=OuterRef("pk"))),
            answer=Rsvp.objects.filter(meeting=meeting, user=OuterRef("pk")).values("answer")[:1],
        )
        .order_by("full_name")
    )
    query = request.GET.get("q", "").replace("\x00", "").strip()[:60]
    if query:
        members = members.filter(full_name__icontains=query)
    page = Paginator(members, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "meeting": meeting,
        "community": meeting.community,
        "page": page,
        "query": query,
        "count": meeting.attendances.count(),
        "log": meeting.attendance_log.select_related("member", "by")[:30],
        "answers": dict(Rsvp.Answer.choices),
        "ended": meeting.has_ended(),
    }
    return render(request, "meetings/attendance.html", context)


def attendance_csv(request, pk):
    """Attendance as CSV: every member, whether they came, how and when (in the meeting's zone).

    Names and schools only: a member's e-mail address is theirs and the operators' (the privacy
    page; tests/core/test_privacy_matrix.py)."""
    meeting = access_meeting(request.user, pk, "meeting.manage")
    attendances = {a.member_id: a for a in meeting.attendances.all()}
    labels = dict(Rsvp.Answer.choices)
    answers = {user: labels[a] for user, a in meeting.rsvps.values_list("user_id", "answer")}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"presensi-{meeting.local_start:%Y-%m-%d}-{meeting.community.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheet programs read the names as UTF-8
    writer = spreadsheets.csv_writer(response)
    writer.writerow(
        [
            _("name"),
            _("school"),
            _("RSVP"),
            _("present"),
            _("how"),
            _("checked in"),
            _("late"),
        ]
    )
    members = (
        User.objects.filter(
            Q(pk__in=Attendance.expected_members(meeting).values("pk"))
            | Q(pk__in=meeting.attendances.values("member_id"))
        )
        .select_related("school")
        .order_by("full_name")
    )
    methods = dict(Attendance.Method.choices)
    yes, no = _("yes"), _("no")
    for member in members.iterator(chunk_size=500):
        attendance = attendances.get(member.pk)
        checked = (
            timezone.localtime(attendance.checked_in_at, meeting.tz).strftime("%Y-%m-%d %H:%M")
            + f" {meeting.zone_name}"
            if attendance
            else ""
        )
        writer.writerow(
            [
                member.full_name,
                str(member.school or ""),
                answers.get(member.pk, ""),
                yes if attendance else no,
                methods[attendance.method] if attendance else "",
                checked,
                (yes if attendance.late else no) if attendance else "",
            ]
        )
    return response
