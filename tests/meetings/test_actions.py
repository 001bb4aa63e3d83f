"""The meetings' actions: each announces what it should (and nothing else), writes its log row,
and rolls back as a whole when a later step fails."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from komunitas.communities.models import LogEntry
from komunitas.discussions.models import Post
from komunitas.meetings import actions
from komunitas.meetings.access import access_meeting
from komunitas.meetings.models import (
    ActionItem,
    Attendance,
    AttendanceLog,
    Feedback,
    Meeting,
    Rsvp,
)
from komunitas.notifications.models import Event
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def _kinds():
    return sorted(Event.objects.values_list("kind", flat=True))


def _new_meeting(community, **fields):
    return Meeting(
        community=community,
        title="Bedah modul ajar",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        mode=Meeting.Mode.IN_PERSON,
        place="Perpustakaan SDN 1",
        **fields,
    )


def test_creating_changing_and_cancelling_announce_once_each(public_community, fasilitator):
    meeting = actions.do_create_meeting(meeting=_new_meeting(public_community), by=fasilitator)
    assert _kinds() == ["meetings.scheduled"]
    event = Event.objects.get()
    assert event.actor == fasilitator and event.target == meeting
    assert event.url == meeting.get_absolute_url() and meeting.title in event.title

    meeting.agenda = "1. Pembukaan"
    actions.do_update_meeting(meeting=meeting, changed=["agenda"], by=fasilitator)
    assert _kinds() == ["meetings.scheduled"]  # not a change members need to hear of
    meeting.place = "Aula SMPN 2"
    actions.do_update_meeting(meeting=meeting, changed=["place"], by=fasilitator)
    assert _kinds() == ["meetings.changed", "meetings.scheduled"]
    meeting.refresh_from_db()
    assert meeting.sequence == 2  # calendars see each change

    actions.do_cancel_meeting(meeting=meeting, reason="Banjir", by=fasilitator)
    assert _kinds() == ["meetings.cancelled", "meetings.changed", "meetings.scheduled"]
    meeting.refresh_from_db()
    assert meeting.is_cancelled and meeting.cancel_reason == "Banjir"


def test_scheduling_from_the_rhythm_announces_each_new_meeting(public_community, fasilitator):
    from komunitas.meetings.services import rhythm_plan

    plan = rhythm_plan(public_community, start=timezone.localdate(), count=3)
    dates = [planned.date for planned in plan[:2]]
    made = actions.do_schedule_from_rhythm(
        community=public_community, by=fasilitator, dates=dates, title="Rutin"
    )
    assert len(made) == 2
    assert _kinds() == ["meetings.scheduled"] * 2
    again = actions.do_schedule_from_rhythm(
        community=public_community, by=fasilitator, dates=dates, title="Rutin"
    )
    assert again == [] and Event.objects.count() == 2


def test_a_reminder_is_claimed_and_announced_once(meeting):
    now = timezone.now()
    assert actions.do_send_reminder(
        meeting=meeting, kind="meetings.reminder_24h", field="reminded_24h_at", now=now
    )
    assert not actions.do_send_reminder(
        meeting=meeting, kind="meetings.reminder_24h", field="reminded_24h_at", now=now
    )
    assert _kinds() == ["meetings.reminder_24h"]
    assert Event.objects.get().actor is None


def test_member_actions_tell_nobody(meeting, member, fasilitator):
    actions.do_rsvp(meeting=meeting, user=member, answer=Rsvp.Answer.YES)
    actions.do_rsvp(meeting=meeting, user=member, answer=Rsvp.Answer.MAYBE)
    assert Rsvp.objects.get().answer == Rsvp.Answer.MAYBE
    with time_machine.travel(meeting.starts_at + MINUTE):
        actions.do_check_in(meeting=meeting, member=member, code=meeting.checkin_code)
        feedback = Feedback(meeting=meeting, form=Feedback.Form.STB, usefulness=5)
        actions.do_give_feedback(feedback=feedback, by=member)
    item = actions.do_add_action_item(
        meeting=meeting, by=fasilitator, description="Mencoba rubrik", owner=member
    )
    actions.do_save_minutes(meeting=meeting, notes="Catatan", agreements="", by=fasilitator)
    actions.do_publish_minutes(meeting=meeting, by=fasilitator)
    actions.do_set_action_item_status(item=item, status=ActionItem.Status.DONE, by=member)
    item.refresh_from_db()
    assert item.is_done and item.done_at is not None
    assert Feedback.objects.get().member == member
    assert not Event.objects.exists()


def test_a_full_meeting_refuses_one_more_yes(meeting, member, partner):
    meeting.capacity = 1
    meeting.save(update_fields=["capacity"])
    actions.do_rsvp(meeting=meeting, user=partner, answer=Rsvp.Answer.YES)
    with pytest.raises(actions.MeetingFull):
        actions.do_rsvp(meeting=meeting, user=member, answer=Rsvp.Answer.YES)
    actions.do_rsvp(meeting=meeting, user=member, answer=Rsvp.Answer.MAYBE)
    assert Rsvp.objects.filter(answer=Rsvp.Answer.YES).count() == 1


def test_check_in_and_marking_write_the_attendance_log(meeting, member, partner, fasilitator):
    with time_machine.travel(meeting.late_after() + MINUTE):
        actions.do_check_in(meeting=meeting, member=member, code=meeting.checkin_code)
        actions.do_mark_attendance(meeting=meeting, member=partner, present=True, by=fasilitator)
    logged = set(AttendanceLog.objects.values_list("member", "by", "action"))
    assert logged == {
        (member.pk, member.pk, AttendanceLog.Action.LATE_CHECK_IN),
        (partner.pk, fasilitator.pk, AttendanceLog.Action.MARKED),
    }


def test_an_operators_look_into_a_private_meeting_is_logged(private_community, operator, member):
    meeting = make_meeting(private_community)
    access_meeting(member, meeting.pk)
    assert not LogEntry.objects.filter(kind=LogEntry.Kind.OPERATOR_ACCESS).exists()
    access_meeting(operator, meeting.pk)
    entry = LogEntry.objects.get(kind=LogEntry.Kind.OPERATOR_ACCESS)
    assert entry.actor == operator and entry.community == private_community


# --- one transaction: a later failure leaves nothing behind


def test_a_meeting_whose_posts_cannot_be_linked_is_not_created(public_community, fasilitator):
    with pytest.raises(ValueError):
        actions.do_create_meeting(
            meeting=_new_meeting(public_community), by=fasilitator, posts=[Post()]
        )
    assert not Meeting.objects.exists()
    assert not Event.objects.exists()


def test_a_cancellation_that_cannot_be_announced_is_undone(meeting, fasilitator):
    meeting.zone = "Mars/Olympus"  # a zone nobody knows: announcing it fails
    with pytest.raises(KeyError):  # zoneinfo.ZoneInfoNotFoundError
        actions.do_cancel_meeting(meeting=meeting, reason="Banjir", by=fasilitator)
    meeting.refresh_from_db()
    assert meeting.is_scheduled and meeting.cancel_reason == ""
    assert not Event.objects.exists()


def test_marking_that_cannot_be_logged_is_undone(meeting, member, fasilitator):
    with pytest.raises(AttributeError):
        actions.do_mark_attendance(
            meeting=meeting, member=member, present=True, by=fasilitator, note=None
        )
    assert not Attendance.objects.exists()
    assert not AttendanceLog.objects.exists()
