"""Every change to meetings, and who hears of it (the one way to change the app's state).

Each ``do_*`` takes keyword arguments only, runs in one transaction, writes the attendance log
row where attendance changes, and announces the change with one explicit call to
``komunitas.notifications.services.announce``. Actions do not check permissions: views fetch
the meeting with ``access_meeting`` (or check ``require``) first.
"""

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Community
from komunitas.lib import uploads
from komunitas.meetings import notifications as kinds
from komunitas.meetings.models import (
    ActionItem,
    Attendance,
    AttendanceLog,
    CalendarToken,
    CheckInError,
    Feedback,
    Meeting,
    MeetingPhoto,
    Rsvp,
)
from komunitas.meetings.models.meeting import normalise_code
from komunitas.notifications.services import announce


class MeetingFull(Exception):
    """An RSVP of "hadir" refused: the meeting has as many coming as it has places."""


URGENT_WITHIN = datetime.timedelta(hours=24)
NOTABLE_CHANGES = {"starts_at", "duration_minutes", "zone", "mode", "place", "online_link"}


def event_title(meeting: Meeting) -> str:
    """The meeting's title with its time in its own zone, as a notification shows it."""
    when = date_format(meeting.local_start, "D j M Y, H.i")
    return f"{meeting.title} · {when} {meeting.zone_name}"


def starts_soon(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """Whether the meeting starts within 24 hours (and has not started yet)."""
    now = now or timezone.now()
    return now < meeting.starts_at <= now + URGENT_WITHIN


def _announce(kind: str, meeting: Meeting, *, by: User | None) -> None:
    """The one call that tells members of a meeting. About a meeting that starts within 24
    hours it is *urgent*: members who take the kind in a digest get it at once, unless their
    quiet hours last until the start (komunitas.notifications.kinds.effective_delivery)."""
    urgent = {"urgent_until": meeting.starts_at.isoformat()} if starts_soon(meeting) else {}
    announce(
        kind,
        actor=by,
        target=meeting,
        title=event_title(meeting),
        url=meeting.get_absolute_url(),
        **urgent,
    )


# --- meetings and series


@transaction.atomic
def do_schedule_from_rhythm(
    *, community: Community, by: User, dates: list[datetime.date], **fields
) -> list[Meeting]:
    """Create a meeting for each chosen rhythm date (RFC 5545 rule of the community) that has
    none yet; the members hear of each one."""
    from komunitas.meetings.services import rhythm_plan

    wanted = set(dates)
    if not wanted:
        return []
    horizon = (max(wanted) - min(wanted)).days // 7 + 40
    made = []
    for planned in rhythm_plan(community, start=min(wanted), count=horizon):
        if planned.date not in wanted or planned.meeting is not None:
            continue
        meeting = Meeting(
            community=community,
            starts_at=planned.starts_at,
            zone=community.rhythm_zone,
            rhythm_date=planned.date,
            created_by=by,
            facilitator=by,
            **fields,
        )
        try:
            with transaction.atomic():
                meeting.save()
        except IntegrityError:  # another fasilitator scheduled the same date just now
            continue
        made.append(meeting)
    for meeting in made:
        _announce(kinds.SCHEDULED, meeting, by=by)
    return made


@transaction.atomic
def do_create_meeting(*, meeting: Meeting, by: User, posts=None) -> Meeting:
    """Save a new meeting (with the posts to discuss); the members hear of it. Its announcement
    of a meeting within a day is the day-before reminder: no second mail."""
    meeting.created_by = by
    if starts_soon(meeting):
        meeting.reminded_24h_at = timezone.now()
    meeting.save()
    if posts is not None:
        meeting.posts.set(posts)
    _announce(kinds.SCHEDULED, meeting, by=by)
    return meeting


@transaction.atomic
def do_update_meeting(*, meeting: Meeting, changed: list[str], by: User, posts=None) -> Meeting:
    """Save a changed meeting; calendars see a new SEQUENCE. A change of time or place of a
    meeting still to come re-arms the reminders and the members who come hear of it."""
    if "starts_at" in changed or "duration_minutes" in changed:
        meeting.reschedule(meeting.starts_at, duration_minutes=meeting.duration_minutes)
    meeting.bump_sequence()
    meeting.save()
    if posts is not None:
        meeting.posts.set(posts)
    if NOTABLE_CHANGES & set(changed) and not meeting.has_ended():
        _announce(kinds.CHANGED, meeting, by=by)
    return meeting


@transaction.atomic
def do_cancel_meeting(*, meeting: Meeting, reason: str, by: User) -> Meeting:
    """Cancel the meeting with a reason; the members who come hear of it."""
    meeting.cancel(reason=reason)
    _announce(kinds.CANCELLED, meeting, by=by)
    return meeting


# --- RSVP and attendance


@transaction.atomic
def do_rsvp(*, meeting: Meeting, user: User, answer: str) -> Rsvp:
    """Record the member's answer (once per member; a new answer replaces the old). Refused
    with MeetingFull when they say "hadir" to a meeting whose places are taken."""
    if answer == Rsvp.Answer.YES and meeting.capacity:
        # Lock the meeting so that two last-place answers cannot both get in.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        taken = meeting.rsvps.filter(answer=Rsvp.Answer.YES).exclude(user=user).count()
        if taken >= meeting.capacity:
            raise MeetingFull
    rsvp, _created = Rsvp.objects.update_or_create(
        meeting=meeting, user=user, defaults={"answer": answer, "answered_at": timezone.now()}
    )
    return rsvp


@transaction.atomic
def do_check_in(
    *,
    meeting: Meeting,
    member: User,
    code: str,
    method: str = Attendance.Method.CODE,
    now: datetime.datetime | None = None,
) -> Attendance:
    """A member checks themself in with the code shown at the meeting (typed or from the QR).

    Refused (CheckInError, with a message for the member) outside the check-in window, with a
    wrong code, or for someone who is not an active member. A check-in after the start (plus
    a grace period) is recorded as late; every check-in is written to the attendance log.
    """
    now = now or timezone.now()
    if meeting.role_of(member) is None:
        raise CheckInError(_("Only members of the community can check in."))
    if not meeting.is_scheduled:
        raise CheckInError(_("This meeting was cancelled."))
    if now < meeting.checkin_opens():
        raise CheckInError(_("Check-in has not opened yet."))
    if now > meeting.checkin_closes():
        raise CheckInError(_("Check-in for this meeting has closed. Ask the fasilitator."))
    if not secrets.compare_digest(normalise_code(code), meeting.checkin_code):
        raise CheckInError(_("That code is not right. Check it and try again."))
    existing = Attendance.objects.filter(meeting=meeting, member=member).first()
    if existing:
        return existing
    late = now > meeting.late_after()
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                meeting=meeting,
                member=member,
                method=method,
                checked_in_at=now,
                late=late,
                recorded_by=member,
            )
    except IntegrityError:  # a double tap: the other request won
        return Attendance.objects.get(meeting=meeting, member=member)
    AttendanceLog.objects.create(
        meeting=meeting,
        member=member,
        by=member,
        action=AttendanceLog.Action.LATE_CHECK_IN if late else AttendanceLog.Action.CHECK_IN,
    )
    return attendance


@transaction.atomic
def do_mark_attendance(
    *, meeting: Meeting, member: User, present: bool, by: User, note: str = ""
) -> bool:
    """The fasilitator marks a member present or absent; returns whether anything changed.
    Every change is logged; one after the meeting has ended is logged as a correction."""
    after = meeting.has_ended()
    if present:
        _attendance, created = Attendance.objects.get_or_create(
            meeting=meeting,
            member=member,
            defaults={"method": Attendance.Method.MARKED, "recorded_by": by},
        )
        if not created:
            return False
        action = AttendanceLog.Action.CORRECTED_PRESENT if after else AttendanceLog.Action.MARKED
    else:
        deleted, _rows = Attendance.objects.filter(meeting=meeting, member=member).delete()
        if not deleted:
            return False
        action = AttendanceLog.Action.CORRECTED_ABSENT if after else AttendanceLog.Action.UNMARKED
    AttendanceLog.objects.create(
        meeting=meeting, member=member, by=by, action=action, note=note.strip()[:300]
    )
    return True


@transaction.atomic
def do_new_checkin_code(*, meeting: Meeting, by: User) -> Meeting:
    """Replace the check-in code (the old one stops working); nobody is told."""
    meeting.new_checkin_code()
    return meeting


# --- minutes, action items, photos, feedback


@transaction.atomic
def do_save_minutes(*, meeting: Meeting, notes: str, agreements: str, by: User) -> Meeting:
    """Save the notes and agreements (published or not: the page shows the latest)."""
    meeting.notes, meeting.agreements = notes, agreements
    meeting.save(update_fields=["notes", "agreements", "updated_at"])
    return meeting


@transaction.atomic
def do_publish_minutes(*, meeting: Meeting, by: User) -> Meeting:
    """Publish the minutes: members and partners can read them, and the action items reach
    their owners' home pages (no notification)."""
    meeting.publish_minutes(by=by)
    return meeting


@transaction.atomic
def do_add_action_item(
    *,
    meeting: Meeting,
    by: User,
    description: str,
    owner: User,
    due_date: datetime.date | None = None,
) -> ActionItem:
    """Agree a follow-up at the meeting and assign it to a member (it reaches their home page
    once the minutes are published)."""
    return ActionItem.objects.create(
        meeting=meeting, description=description, owner=owner, due_date=due_date, created_by=by
    )


@transaction.atomic
def do_set_action_item_status(*, item: ActionItem, status: str, by: User) -> ActionItem:
    """Move an action item on (to do, in progress, done: done records when)."""
    item.set_status(status)
    return item


@transaction.atomic
def do_delete_action_item(*, item: ActionItem, by: User) -> ActionItem:
    """Remove an action item from the minutes (kept, marked deleted)."""
    item.soft_delete()
    return item


@uploads.atomic()
def do_add_photo(*, meeting: Meeting, image, caption: str, by: User) -> MeetingPhoto:
    """Add a checked documentation photo (see komunitas.lib.uploads) to the minutes."""
    return MeetingPhoto.objects.create(
        meeting=meeting, image=image, caption=caption, uploaded_by=by
    )


@transaction.atomic
def do_delete_photo(*, photo: MeetingPhoto, by: User) -> MeetingPhoto:
    """Remove a documentation photo (kept, marked deleted; no longer served)."""
    photo.soft_delete()
    return photo


@transaction.atomic
def do_give_feedback(*, feedback: Feedback, by: User) -> Feedback:
    """Save the member's reflection on the meeting (one per member; a new one replaces it)."""
    feedback.member = by
    feedback.save()
    return feedback


# --- reminders and calendars


@transaction.atomic
def do_send_reminder(*, meeting: Meeting, kind: str, field: str, now: datetime.datetime) -> bool:
    """Claim one due reminder with a conditional update and announce it; False when another
    run claimed it first (so each reminder is announced once, however many runs there are)."""
    claim = {field: now}
    if kind == kinds.REMINDER_1H:  # a day-before reminder is pointless by now
        claim["reminded_24h_at"] = now
    claimed = Meeting.objects.filter(pk=meeting.pk, **{f"{field}__isnull": True})
    if not claimed.update(**claim):
        return False
    _announce(kind, meeting, by=None)
    return True


@transaction.atomic
def do_open_calendar_address(*, user: User) -> CalendarToken:
    """The member's secret calendar feed address, made the first time they ask for it."""
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def do_renew_calendar_address(*, user: User) -> CalendarToken:
    """Revoke the member's feed address and make a new one."""
    token = do_open_calendar_address(user=user)
    token.renew()
    return token


def do_note_feed_used(*, token: CalendarToken, now: datetime.datetime | None = None) -> None:
    """Remember (at most hourly) when a feed address was last fetched."""
    now = now or timezone.now()
    if token.last_used_at is None or token.last_used_at < now - datetime.timedelta(hours=1):
        CalendarToken.objects.filter(pk=token.pk).update(last_used_at=now)
