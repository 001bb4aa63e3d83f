"""The outbox: retries with back-off, quiet hours in the member's zone, exactly-once sending."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine

from komunitas.communities.actions import do_ask_to_join
from komunitas.notifications.mail import MAX_ATTEMPTS, RETRY_DELAYS
from komunitas.notifications.models import Event, Mail, Notification, QuietHours
from komunitas.notifications.services import fan_out
from tests.factories import make_user

pytestmark = pytest.mark.django_db

BROKEN = "tests.notifications.broken_mail.EmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
TUESDAY_10_WIB = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)


@pytest.fixture
def ask(public_community, commit):
    """Someone new asks to join the public community; its fasilitator hears of it at once."""

    def ask_():
        with commit():
            do_ask_to_join(community=public_community, user=make_user())

    return ask_


def test_a_failed_send_is_retried_later_and_later_then_marked_failed(
    settings, ask, fasilitator, run_worker, run_jobs
):
    settings.EMAIL_BACKEND = BROKEN
    with time_machine.travel(TUESDAY_10_WIB, tick=False) as clock:
        ask()
        run_worker()
        mail = Mail.objects.get()
        assert (mail.status, mail.attempts) == (Mail.Status.PENDING, 1)
        assert mail.due_at == TUESDAY_10_WIB + RETRY_DELAYS[0]
        assert "SMTPServerDisconnected" in mail.last_error

        clock.shift(RETRY_DELAYS[0] - timedelta(seconds=1))
        run_jobs()
        assert Mail.objects.get().attempts == 1  # not due yet: nothing tried
        clock.shift(timedelta(minutes=1))  # the job that sends due mail runs every minute
        run_jobs()
        assert Mail.objects.get().attempts == 2
        for delay in RETRY_DELAYS[1:]:
            clock.shift(delay + timedelta(minutes=1))
            run_jobs()

    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (Mail.Status.FAILED, MAX_ATTEMPTS)
    assert "Connection unexpectedly closed" in mail.last_error


def test_a_retry_after_an_outage_sends_the_mail_once(
    settings, ask, fasilitator, run_worker, run_jobs, mailoutbox
):
    settings.EMAIL_BACKEND = BROKEN
    with time_machine.travel(TUESDAY_10_WIB, tick=False) as clock:
        ask()
        run_worker()
        settings.EMAIL_BACKEND = LOCMEM
        clock.shift(RETRY_DELAYS[0])
        run_jobs()
        run_jobs()
        clock.shift(timedelta(hours=3))
        run_jobs()
    assert [m.to for m in mailoutbox] == [[fasilitator.email]]
    assert Mail.objects.get().status == Mail.Status.SENT


def test_a_mail_left_sending_by_a_dead_worker_is_sent_again(
    ask, fasilitator, run_worker, run_jobs, mailoutbox
):
    with time_machine.travel(TUESDAY_10_WIB, tick=False) as clock:
        ask()
        fan_out.call(Event.objects.get().pk)  # as a worker would, but it dies while sending:
        Mail.objects.update(status=Mail.Status.SENDING, claimed_at=TUESDAY_10_WIB, attempts=1)
        clock.shift(timedelta(minutes=16))
        run_jobs()
        clock.shift(RETRY_DELAYS[0] + timedelta(minutes=1))
        run_jobs()
    assert [m.to for m in mailoutbox] == [[fasilitator.email]]
    assert Mail.objects.get().attempts == 2


@pytest.mark.parametrize(
    ("zone", "mailed_at_once"),
    [("Asia/Jakarta", True), ("Asia/Jayapura", False)],
)
def test_quiet_hours_are_read_in_the_members_own_zone(
    ask, fasilitator, run_worker, run_jobs, mailoutbox, zone, mailed_at_once
):
    """At 20.30 WIB it is 22.30 WIT: a member in Papua with quiet hours from 22.00 gets the
    mail in the morning, one in Java at once."""
    fasilitator.time_zone = zone
    fasilitator.save(update_fields=["time_zone"])
    QuietHours.objects.create(user=fasilitator, starts=time(22), ends=time(6))
    evening_wib = datetime(2026, 3, 3, 13, 30, tzinfo=UTC)
    with time_machine.travel(evening_wib, tick=False) as clock:
        ask()
        run_worker()
        assert Notification.objects.filter(recipient=fasilitator).exists()  # in the app now
        assert len(mailoutbox) == int(mailed_at_once)
        if not mailed_at_once:
            assert Mail.objects.get().due_at == datetime(2026, 3, 3, 21, 0, tzinfo=UTC)
            clock.shift(timedelta(hours=7, minutes=29))  # 05.59 WIT
            run_jobs()
            assert len(mailoutbox) == 0
            clock.shift(timedelta(minutes=1))  # 06.00 WIT
            run_jobs()
    assert [m.to for m in mailoutbox] == [[fasilitator.email]]


def test_quiet_hours_within_one_day(fasilitator):
    quiet = QuietHours(user=fasilitator, starts=time(12), ends=time(14))
    noon_wib = datetime(2026, 3, 3, 5, 30, tzinfo=UTC)
    assert quiet.end_of_quiet(noon_wib, "Asia/Jakarta") == datetime(2026, 3, 3, 7, tzinfo=UTC)
    assert quiet.end_of_quiet(noon_wib - timedelta(hours=1), "Asia/Jakarta") is None
    assert quiet.end_of_quiet(noon_wib + timedelta(hours=2), "Asia/Jakarta") is None


def test_a_notification_read_before_its_delayed_mail_is_not_mailed(
    ask, fasilitator, run_worker, run_jobs, mailoutbox
):
    QuietHours.objects.create(user=fasilitator, starts=time(0), ends=time(23, 59))
    with time_machine.travel(TUESDAY_10_WIB, tick=False) as clock:
        ask()
        run_worker()
        Notification.objects.update(read_at=TUESDAY_10_WIB)
        clock.shift(timedelta(hours=14))
        run_jobs()
    assert mailoutbox == []
    assert Mail.objects.get().status == Mail.Status.SKIPPED


def test_quiet_hours_are_set_with_the_preferences(login, fasilitator):
    client = login(fasilitator)
    saved = client.post("/notifikasi/pengaturan/", {"quiet_from": "21:00", "quiet_until": "06:00"})
    half = client.post("/notifikasi/pengaturan/", {"quiet_from": "21:00"})
    same = client.post("/notifikasi/pengaturan/", {"quiet_from": "21:00", "quiet_until": "21:00"})
    assert saved.status_code == 302
    assert (half.status_code, same.status_code) == (400, 400)
    assert 'value="21:00"' in half.content.decode()
    quiet = QuietHours.objects.get(user=fasilitator)
    assert (quiet.starts, quiet.ends) == (time(21), time(6))
    client.post("/notifikasi/pengaturan/", {"quiet_from": "", "quiet_until": ""})
    assert not QuietHours.objects.exists()


def test_old_mail_and_task_results_are_pruned_after_the_retention(
    ask, fasilitator, run_worker, run_jobs, settings
):
    """Sent and failed mail go after MAIL_RETENTION_DAYS (the privacy page states it); the
    operators saw the failures on the queue page meanwhile. Mail still waiting stays."""
    from django_tasks_db.models import DBTaskResult

    settings.MAIL_RETENTION_DAYS = 90
    with time_machine.travel(TUESDAY_10_WIB, tick=False) as clock:
        ask()
        run_worker()
        Mail.objects.create(recipient=fasilitator, kind="daily", period="x", status="failed")
        assert DBTaskResult.objects.exists()
        clock.shift(timedelta(days=2))
        recent = Mail.objects.create(
            recipient=fasilitator, kind="daily", period="y", status="failed"
        )
        clock.shift(timedelta(days=89))
        run_jobs()
    assert list(Mail.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not DBTaskResult.objects.filter(
        finished_at__lt=TUESDAY_10_WIB + timedelta(days=1)
    ).exists()


def test_a_fan_out_that_stopped_before_the_mail_finishes_it_when_run_again(
    ask, fasilitator, run_worker, mailoutbox
):
    from komunitas.notifications.services import notify

    ask()
    notify(Event.objects.get().pk, mail=False)  # the worker died after writing notifications
    assert not Mail.objects.exists()
    run_worker()  # the queued fan_out task runs (again)
    assert [m.to for m in mailoutbox] == [[fasilitator.email]]
    assert Notification.objects.count() == 1
