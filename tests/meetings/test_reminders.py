"""Reminders a day and an hour before: recorded once by the periodic job, delivered by the
worker to the members who did not say they won't come."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from komunitas.meetings import actions, services
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
    actions.do_rsvp(meeting=meeting, user=partner, answer=Rsvp.Answer.NO)
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


def _create(community, fasilitator, starts_in, commit):
    from komunitas.meetings.models import Meeting

    meeting = Meeting(
        community=community,
        title="Bedah modul ajar",
        starts_at=timezone.now() + starts_in,
        mode=Meeting.Mode.IN_PERSON,
        place="Perpustakaan SDN 1",
    )
    with commit():
        actions.do_create_meeting(meeting=meeting, by=fasilitator)
    return meeting


def test_a_meeting_for_this_evening_is_announced_at_once_not_in_tomorrows_digest(
    public_community, fasilitator, member, partner, run_worker, mailoutbox, commit
):
    """Pilot: a meeting made at 10.00 for 19.00 reached members in the next morning's digest.

    Members take "meeting scheduled" in the daily digest by default; within 24 hours of the start
    it comes at once by mail, and the announcement stands for the day-before reminder."""
    meeting = _create(public_community, fasilitator, 9 * HOUR, commit)
    run_worker()
    notified = Notification.objects.filter(event__kind="meetings.scheduled")
    assert set(notified.values_list("delivery", flat=True)) == {"immediately"}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, partner.email])
    meeting.refresh_from_db()
    assert meeting.reminded_24h_at is not None
    assert services.send_due_reminders.call() == 0  # no second "coming up" mail


def test_a_meeting_next_week_still_waits_for_the_digest(
    public_community, fasilitator, member, run_worker, mailoutbox, commit
):
    _create(public_community, fasilitator, 7 * 24 * HOUR, commit)
    run_worker()
    notified = Notification.objects.filter(event__kind="meetings.scheduled")
    assert set(notified.values_list("delivery", flat=True)) == {"daily"}
    assert mailoutbox == []


def test_an_urgent_announcement_keeps_only_here_and_quiet_hours(
    public_community, fasilitator, member, partner, run_worker, mailoutbox, commit
):
    """ "Only here" stays only here; quiet hours that last past the start keep the mail back
    for good (it would come after the meeting began): the notification waits in the app."""
    from komunitas.notifications.models import Preference, QuietHours

    Preference.objects.create(user=partner, kind="meetings.scheduled", delivery="in_app")
    now = timezone.now().astimezone(ZoneInfo(member.time_zone))
    QuietHours.objects.create(
        user=member,
        starts=(now - HOUR).time().replace(microsecond=0),
        ends=(now + 5 * HOUR).time().replace(microsecond=0),
    )
    _create(public_community, fasilitator, 2 * HOUR, commit)
    run_worker()
    assert mailoutbox == []
    assert set(
        Notification.objects.filter(event__kind="meetings.scheduled").values_list(
            "recipient__email", flat=True
        )
    ) == {member.email, partner.email}
