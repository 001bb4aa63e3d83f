"""Account mail (verification, password reset) goes through the outbox like every other mail.

A mail server that refuses never fails the sign-up or the reset: the person sees the usual page,
the mail waits in the outbox with the real error, and goes out once when the server accepts.
Quiet hours do not hold it back; operators see it on the queue page and can send it again.
"""

import datetime
import re
import socket
from datetime import UTC

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse

from komunitas.accounts.actions import do_erase_account, do_send_verification
from komunitas.accounts.models import User
from komunitas.lib.emails import queue_mail
from komunitas.notifications.mail import MAX_ATTEMPTS, RETRY_DELAYS
from komunitas.notifications.models import Mail, QuietHours
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

MONDAY_10_WIB = datetime.datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
SIGNUP = {
    "full_name": "Dewi Lestari",
    "email": "dewi@contoh.test",
    "role": "guru",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "consent": "on",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_port(settings):
    """A mail server address where nobody listens yet: connections are refused."""
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
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf8", "replace")))
        return "250 OK"


def _server_comes_back(smtp_port, clock, run_worker) -> Received:
    """Start a mail server and let the retries run for a while; returns what it received."""
    received = Received()
    controller = Controller(received, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        for delay in RETRY_DELAYS[:2]:
            clock.shift(delay)
            call_command("run_jobs", verbosity=0)
            run_worker()
    finally:
        controller.stop()
    return received


def test_a_sign_up_succeeds_while_the_mail_server_refuses_and_its_mail_goes_out_once_later(
    client, smtp_port, mailed, run_worker
):
    with time_machine.travel(MONDAY_10_WIB, tick=False) as clock:
        with mailed():  # the request, its commit, then the worker: the server refuses
            response = client.post(reverse("accounts:signup"), SIGNUP)

        assert response.status_code == 200
        assert b"dewi@contoh.test" in response.content  # "check your e-mail"
        user = User.objects.get(email="dewi@contoh.test")
        mail = Mail.objects.get()
        assert (mail.recipient, mail.to_address, mail.template) == (
            user,
            "dewi@contoh.test",
            "verify-email",
        )
        assert (mail.status, mail.attempts) == (Mail.Status.PENDING, 1)
        assert "ConnectionRefusedError" in mail.last_error
        assert mail.due_at == MONDAY_10_WIB + RETRY_DELAYS[0]

        received = _server_comes_back(smtp_port, clock, run_worker)

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (Mail.Status.SENT, 2, "")
    assert len(received.messages) == 1
    recipients, content = received.messages[0]
    assert recipients == ["dewi@contoh.test"]
    assert f"<outbox.{mail.pk}.20260302030000@" in content
    assert "/akun/verifikasi/" in content
    assert (mail.body_text, mail.body_html) == ("", "")  # the link is not kept once sent


def test_a_password_reset_succeeds_while_the_mail_server_refuses_and_is_mailed_once_later(
    client, smtp_port, mailed, run_worker
):
    member = make_user("dewi@contoh.test", language="en")
    with time_machine.travel(MONDAY_10_WIB, tick=False) as clock:
        with mailed():
            response = client.post(reverse("accounts:password_reset"), {"email": member.email})

        assert response.status_code == 302
        mail = Mail.objects.get()
        assert (mail.recipient, mail.template, mail.status) == (
            member,
            "password-reset",
            Mail.Status.PENDING,
        )
        assert mail.subject == "Choose a new password for Komunitas Praktisi"  # her language

        received = _server_comes_back(smtp_port, clock, run_worker)
        assert Mail.objects.get().status == Mail.Status.SENT
        assert len(received.messages) == 1
        content = received.messages[0][1]
        link = re.search(r"https?://[^/\s]+(/akun/sandi/atur/\S+/)", content).group(1)
        assert client.get(link, follow=True).context["validlink"]  # while the link is fresh


def test_quiet_hours_do_not_hold_back_a_verification_mail(member_at_night, mailed, mailoutbox):
    with time_machine.travel(MONDAY_10_WIB, tick=False), mailed():
        do_send_verification(user=member_at_night, email="baru@contoh.test")

    assert [m.to for m in mailoutbox] == [["baru@contoh.test"]]
    assert Mail.objects.get().status == Mail.Status.SENT


@pytest.fixture
def member_at_night():
    member = make_user("malam@contoh.test")
    # 10.00 WIB falls inside these quiet hours.
    QuietHours.objects.create(user=member, starts=datetime.time(8), ends=datetime.time(20))
    return member


def test_a_mail_that_keeps_failing_is_shown_to_operators_and_sent_again_on_request(
    settings, mailed, run_worker, operator_client, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.notifications.broken_mail.EmailBackend"
    with time_machine.travel(MONDAY_10_WIB, tick=False) as clock:
        with mailed():
            queue_mail(
                to="tamu@contoh.test",
                template="verify-email",
                context={"user": {"short_name": "Tamu"}, "path": "/"},
            )
        for delay in RETRY_DELAYS:
            clock.shift(delay)
            call_command("run_jobs", verbosity=0)
            run_worker()
        mail = Mail.objects.get()
        assert (mail.status, mail.attempts) == (Mail.Status.FAILED, MAX_ATTEMPTS)
        assert mail.body_text  # kept to be sent again

        page = operator_client.get(reverse("notifications:queue"))
        assert "tamu@contoh.test" in page.content.decode()
        assert "SMTPServerDisconnected" in page.content.decode()

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        with mailed():
            call_command("resend_failed", verbosity=0)

    assert Mail.objects.get().status == Mail.Status.SENT
    assert [m.to for m in mailoutbox] == [["tamu@contoh.test"]]


def test_erasing_an_account_erases_the_mail_to_it(member, mailed):
    with mailed():
        do_send_verification(user=member, email="lain@contoh.test")
        queue_mail(to=member.email, template="verify-email", context={"user": member})
    assert Mail.objects.count() == 2

    do_erase_account(user=member, remove_public=False, by_operator=False)

    assert not Mail.objects.exists()


def test_logging_in_unverified_queues_a_new_link_and_answers_normally_without_a_server(
    client, smtp_port, mailed
):
    member = make_user("baru@contoh.test", verified=False)
    with time_machine.travel(MONDAY_10_WIB, tick=False), mailed():
        response = client.post(
            reverse("accounts:login"), {"email": member.email, "password": PASSWORD}
        )
    assert response.status_code == 400  # the usual answer: verify first
    mail = Mail.objects.get()
    assert (mail.status, mail.attempts, mail.to_address) == (
        Mail.Status.PENDING,
        1,
        "baru@contoh.test",
    )
    assert mail.due_at - mail.created_at == RETRY_DELAYS[0]
