"""What happens after a write: nothing acknowledged is lost, nothing promised is dropped.

A fan-out whose queueing failed or whose worker died is run again until it is done; a mail
server that refuses connections has its real error recorded and every mail goes out once, with
the same Message-ID at every attempt; replies to one thread reach a follower as one mail.
"""

import socket
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse

from komunitas.discussions.actions import do_create_post, do_reply
from komunitas.discussions.models import Post
from komunitas.notifications.models import Event, Mail, Notification
from komunitas.notifications.services import FAN_OUT_RETRY_DELAYS, retry_fan_out

pytestmark = pytest.mark.django_db

MONDAY_10_WIB = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def question(public_community, fasilitator):
    return do_create_post(
        author=fasilitator,
        community=public_community,
        kind=Post.Kind.QUESTION,
        title="Bagaimana memulai asesmen diagnostik?",
        body="Mohon sarannya.",
    )


def _reply(commit, post, author, body="Coba mulai dari pertanyaan sederhana."):
    with commit():
        return do_reply(post=post, author=author, body=body, check_rate=False)


# --- fan-outs that did not finish are run again ------------------------------------------------


def test_a_fan_out_whose_queueing_failed_is_queued_again_after_the_grace(
    settings, question, member, fasilitator, run_worker, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY_10_WIB, tick=False) as clock:
        # The change commits but the task is never queued (the queue was down).
        with django_capture_on_commit_callbacks(execute=False):
            do_reply(post=question, author=member, body="Jawaban saya.", check_rate=False)
        event = Event.objects.get(kind="discussions.reply")
        assert event.fanned_out_at is None
        assert retry_fan_out(MONDAY_10_WIB) == 0  # within the grace: its first try may be late

        clock.shift(timedelta(seconds=settings.NOTIFICATIONS_FAN_OUT_GRACE_SECONDS))
        assert retry_fan_out(datetime.now(UTC)) == 1
        assert retry_fan_out(datetime.now(UTC)) == 0  # claimed: not queued twice
        run_worker()

    event.refresh_from_db()
    assert event.fanned_out_at is not None and event.attempts == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [fasilitator.pk]


def test_a_fan_out_that_keeps_failing_is_given_up_shown_to_operators_and_run_again(
    question, member, fasilitator, run_worker, operator_client, monkeypatch, commit
):
    from komunitas.notifications import services

    working = services.notify

    def broken(event_id, **kwargs):
        raise RuntimeError("database is locked")

    with time_machine.travel(MONDAY_10_WIB, tick=False) as clock:
        monkeypatch.setattr(services, "notify", broken)  # a stand-in for a database outage
        _reply(commit, question, member)
        run_worker()
        event = Event.objects.get(kind="discussions.reply")
        assert event.last_error == "RuntimeError: database is locked"
        clock.shift(timedelta(minutes=3))
        for delay in FAN_OUT_RETRY_DELAYS:
            assert retry_fan_out(datetime.now(UTC)) == 1
            run_worker()
            clock.shift(delay)
        assert retry_fan_out(datetime.now(UTC)) == 0
    event.refresh_from_db()
    assert event.failed_at is not None and event.attempts == len(FAN_OUT_RETRY_DELAYS)
    assert not Notification.objects.exists()

    page = operator_client.get(reverse("notifications:queue"))
    assert event.title in page.content.decode()
    assert "database is locked" in page.content.decode()

    monkeypatch.setattr(services, "notify", working)  # the outage is over
    with commit():
        response = operator_client.post(reverse("notifications:fan_out_again", args=[event.pk]))
    assert response.status_code == 302
    run_worker()
    event.refresh_from_db()
    assert event.fanned_out_at is not None and event.failed_at is None
    assert list(Notification.objects.values_list("recipient", flat=True)) == [fasilitator.pk]


def test_resend_failed_runs_given_up_fan_outs_again(
    question, member, fasilitator, run_worker, commit
):
    do_reply(post=question, author=member, body="Jawaban.", check_rate=False)
    event = Event.objects.get(kind="discussions.reply")
    Event.objects.filter(pk=event.pk).update(failed_at=MONDAY_10_WIB, attempts=4)
    with commit():
        call_command("resend_failed", event=[event.pk], verbosity=0)
    run_worker()
    assert Notification.objects.filter(recipient=fasilitator, event=event).count() == 1


def test_a_fan_out_run_twice_notifies_and_mails_everyone_once(
    question, member, fasilitator, run_worker, commit, mailoutbox
):
    from komunitas.notifications.services import notify

    with time_machine.travel(MONDAY_10_WIB, tick=False) as clock:
        _reply(commit, question, member)
        event = Event.objects.get(kind="discussions.reply")
        notify(event.pk)
        notify(event.pk)
        run_worker()
        clock.shift(timedelta(minutes=10))
        call_command("run_jobs", verbosity=0)
        run_worker()
    assert Notification.objects.filter(event=event).count() == 1
    assert Mail.objects.filter(notification__event=event).count() == 1
    assert len(mailoutbox) == 1


# --- mail: real errors, once, the same Message-ID ----------------------------------------------


@pytest.fixture
def smtp_port(settings):
    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return port


class Received:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope.content.decode("utf8", "replace"))
        return "250 OK"


def test_smtp_refusing_then_accepting_records_the_real_error_and_delivers_once(
    smtp_port, public_community, fasilitator, run_worker, commit
):
    from komunitas.communities.actions import do_ask_to_join
    from tests.factories import make_user

    with time_machine.travel(MONDAY_10_WIB, tick=False) as clock:
        with commit():
            do_ask_to_join(
                community=public_community, user=make_user()
            )  # the fasilitator hears at once
        run_worker()  # nobody listens on the port: connection refused
        mail = Mail.objects.get()
        assert (mail.status, mail.attempts) == (Mail.Status.PENDING, 1)
        assert "ConnectionRefusedError" in mail.last_error
        assert "worker stopped" not in mail.last_error
        assert mail.due_at == MONDAY_10_WIB + timedelta(minutes=1)

        received = Received()
        controller = Controller(received, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            clock.shift(timedelta(minutes=1))
            call_command("run_jobs", verbosity=0)
            run_worker()
            clock.shift(timedelta(minutes=30))
            call_command("run_jobs", verbosity=0)
            run_worker()
        finally:
            controller.stop()

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (Mail.Status.SENT, 2, "")
    assert len(received.messages) == 1
    assert f"<outbox.{mail.pk}.20260302030000@" in received.messages[0]
    assert fasilitator.email in received.messages[0]


def test_a_mail_sent_again_after_a_crash_keeps_its_message_id(
    question, member, run_worker, commit, mailoutbox
):
    from komunitas.notifications.mail import STALE_AFTER

    with time_machine.travel(MONDAY_10_WIB, tick=False) as clock:
        _reply(commit, question, member)
        run_worker()
        clock.shift(timedelta(minutes=10))
        call_command("run_jobs", verbosity=0)
        run_worker()
        first = mailoutbox[0].extra_headers["Message-ID"]
        # The worker crashed before it could mark the mail sent: the rescue sends it again.
        Mail.objects.update(status=Mail.Status.SENDING, claimed_at=datetime.now(UTC))
        clock.shift(STALE_AFTER + timedelta(minutes=5))
        call_command("run_jobs", verbosity=0)
        run_worker()
        clock.shift(timedelta(minutes=2))
        call_command("run_jobs", verbosity=0)
        run_worker()
    assert len(mailoutbox) == 2
    assert mailoutbox[1].extra_headers["Message-ID"] == first


# --- a busy thread: one mail -----------------------------------------------------------------


def test_replies_to_a_thread_within_the_window_reach_its_author_as_one_mail(
    settings, question, member, partner, fasilitator, run_worker, commit, mailoutbox
):
    with time_machine.travel(MONDAY_10_WIB, tick=False) as clock:
        for body in ("Satu.", "Dua.", "Tiga."):
            _reply(commit, question, member, body)
            run_worker()
            clock.shift(timedelta(minutes=1))
        assert mailoutbox == []  # gathering
        clock.shift(timedelta(minutes=settings.NOTIFICATIONS_BATCH_MINUTES))
        call_command("run_jobs", verbosity=0)
        run_worker()
        assert len(mailoutbox) == 1
        assert "3" in mailoutbox[0].body and question.title in mailoutbox[0].body

        clock.shift(timedelta(minutes=30))  # a later reply starts a new mail
        _reply(commit, question, member, "Empat.")
        run_worker()
        clock.shift(timedelta(minutes=settings.NOTIFICATIONS_BATCH_MINUTES + 1))
        call_command("run_jobs", verbosity=0)
        run_worker()

    assert len(mailoutbox) == 2
    assert Notification.objects.filter(recipient=fasilitator).count() == 4  # each one in the app
    assert Mail.objects.filter(recipient=fasilitator).count() == 2


def test_the_notification_centre_shows_a_busy_thread_as_one_entry(
    question, member, fasilitator, client, commit, run_worker
):
    for body in ("Satu.", "Dua.", "Tiga."):
        _reply(commit, question, member, body)
    run_worker()
    client.force_login(fasilitator)
    html = client.get(reverse("notifications:list")).content.decode()
    assert html.count(question.title) == 1
