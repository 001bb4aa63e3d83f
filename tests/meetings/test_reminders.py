"""Reminders a day and an hour before: recorded once by the periodic job, delivered by the
worker to the members who did not say they won't come."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from komunitas.meetings import services
from komunitas.meetings.models import Rsvp
from komunitas.notifications.models import Event, Notification
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def _kinds():
    return sorted(Event.objects.values_list("kind", flat=True))


def test_each_reminder_is_recorded_once_at_its_time(meeting):
    start = meeting.starts_at
    with time_machine.travel(start - 30 * HOUR):
        assert services.send_due_reminders.call() == 0
    with time_machine.travel(start - 23 * HOUR):
        assert services.send_due_reminders.call() == 1
        assert services.send_due_reminders.call() == 0
    with time_machine.travel(start - 0.5 * HOUR):
        assert services.send_due_reminders.call() == 1
    with time_machine.travel(start + HOUR):
        assert services.send_due_reminders.call() == 0
    assert _kinds() == ["meetings.reminder_1h", "meetings.reminder_24h"]


def test_a_meeting_made_at_short_notice_gets_only_the_hour_reminder(public_community):
    meeting = make_meeting(public_community, starts_in=0.5 * HOUR)
    assert services.send_due_reminders.call() == 1
    assert _kinds() == ["meetings.reminder_1h"]
    meeting.refresh_from_db()
    assert meeting.reminded_24h_at is not None


def test_the_meeting_page_does_not_claim_a_day_before_reminder_for_short_notice(
    login, public_community, member
):
    meeting = make_meeting(public_community, starts_in=datetime.timedelta(minutes=10))
    client = login(member)

    def day_before():
        page = client.get(meeting.get_absolute_url()).content.decode()
        [line] = [line for line in page.split("<li>") if line.startswith("Sehari sebelumnya")]
        return line

    assert "tidak dikirim" in day_before() and "segera dikirim" not in day_before()
    services.send_due_reminders.call()
    assert "tidak dikirim" in day_before() and "terkirim" not in day_before()


def test_cancelled_meetings_are_not_reminded(meeting):
    meeting.cancel(reason="Libur")
    with time_machine.travel(meeting.starts_at - 2 * HOUR):
        assert services.send_due_reminders.call() == 0


def test_the_worker_delivers_to_members_who_may_come(
    meeting, member, partner, fasilitator, run_worker, mailoutbox, commit
):
    Rsvp.answer_for(meeting, partner, Rsvp.Answer.NO)
    with time_machine.travel(meeting.starts_at - 20 * HOUR, tick=False), commit():
        services.send_due_reminders.call()
    run_worker()
    recipients = set(Notification.objects.values_list("recipient__email", flat=True))
    assert recipients == {member.email, fasilitator.email}
    assert {m.to[0] for m in mailoutbox} == {member.email, fasilitator.email}


def test_the_command_records_due_reminders_and_can_hand_them_to_the_worker(meeting, run_worker):
    with time_machine.travel(meeting.starts_at - 2 * HOUR, tick=False):
        out = io.StringIO()
        call_command("meeting_reminders", "--enqueue", stdout=out)
        assert not Event.objects.exists()
        run_worker()
        assert _kinds() == ["meetings.reminder_24h"]


def test_the_meeting_page_and_home_show_the_coming_reminders(login, meeting, member):
    page = login(member).get(meeting.get_absolute_url()).content.decode()
    home = login(member).get("/").content.decode()
    for before in (HOUR, 24 * HOUR):
        due = timezone.localtime(meeting.starts_at - before, ZoneInfo(member.time_zone))
        text = f"{due:%H.%M} WIB"
        assert text in page and text in home


def test_the_workers_scheduler_records_due_reminders(meeting, run_worker, commit):
    """Nothing to schedule by hand: the periodic job runs in ``komunitas worker``."""
    from komunitas.notifications.periodic import run_due_jobs

    with time_machine.travel(meeting.starts_at - 23 * HOUR):
        with commit():
            assert "meetings.reminders" in run_due_jobs()
        run_worker()
    assert "meetings.reminder_24h" in _kinds()
