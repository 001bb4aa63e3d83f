"""The operators' queue page and the resend command."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from komunitas.communities.actions import do_ask_to_join
from komunitas.notifications.models import Mail
from tests.budget import ok
from tests.factories import make_user

pytestmark = pytest.mark.django_db

BROKEN = "tests.notifications.broken_mail.EmailBackend"


@pytest.fixture
def failed_mail(settings, public_community, commit, run_worker):
    """A join-request mail to the fasilitator that failed for good."""
    settings.EMAIL_BACKEND = BROKEN
    with commit():
        do_ask_to_join(community=public_community, user=make_user())
    run_worker()
    Mail.objects.update(status=Mail.Status.FAILED, attempts=5)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return Mail.objects.get()


@pytest.mark.parametrize(
    ("who", "status"),
    [("operator", 200), ("fasilitator", 403), ("member", 403), ("partner", 403), ("outsider", 403)],
)
def test_only_operators_see_the_queue(request, login, who, status, public_community):
    client = login(request.getfixturevalue(who))
    assert client.get("/notifikasi/antrean/").status_code == status


def test_a_visitor_is_sent_to_the_login(client):
    response = client.get("/notifikasi/antrean/")
    assert response.status_code == 302
    assert "/masuk/" in response["Location"] or "login" in response["Location"]


def test_the_queue_shows_counts_and_errors_and_resends(
    login, operator, failed_mail, fasilitator, commit, run_worker, mailoutbox
):
    client = login(operator)
    page = client.get("/notifikasi/antrean/").content.decode()
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert fasilitator.email in page
    assert "0 tugas latar menunggu." in page  # the operator reads Indonesian
    statuses = client.get("/notifikasi/antrean/").context["statuses"]
    assert {value: count for value, _label, count in statuses}["failed"] == 1

    with commit():
        response = client.post(f"/notifikasi/antrean/{failed_mail.pk}/kirim-ulang/")
    assert response.status_code == 302
    run_worker()
    failed_mail.refresh_from_db()
    assert failed_mail.status == Mail.Status.SENT
    assert [m.to for m in mailoutbox] == [[fasilitator.email]]
    again = client.post(f"/notifikasi/antrean/{failed_mail.pk}/kirim-ulang/")
    assert again.status_code == 302
    assert Mail.objects.get().status == Mail.Status.SENT


def test_a_member_cannot_resend(login, member, failed_mail):
    assert (
        login(member).post(f"/notifikasi/antrean/{failed_mail.pk}/kirim-ulang/").status_code == 403
    )
    assert Mail.objects.get().status == Mail.Status.FAILED


def test_the_queue_page_queries_do_not_grow_with_mail(
    login, operator, failed_mail, django_assert_max_num_queries
):
    client = login(operator)
    with CaptureQueriesContext(connection) as few:
        ok(client.get("/notifikasi/antrean/"))
    recipient = failed_mail.recipient
    Mail.objects.bulk_create(
        Mail(recipient=make_user(), kind="daily", period=f"2026-03-{n:02d}", status="failed")
        for n in range(1, 25)
    )
    with CaptureQueriesContext(connection) as many:
        ok(client.get("/notifikasi/antrean/"))
    assert len(many) == len(few)
    assert recipient
    with django_assert_max_num_queries(15):
        ok(client.get("/notifikasi/antrean/?status=sent"))


def test_resend_failed_puts_every_failed_mail_back(
    failed_mail, commit, run_worker, mailoutbox, capsys
):
    with commit():
        call_command("resend_failed")
    assert "1 mail(s) queued again." in capsys.readouterr().out
    run_worker()
    assert Mail.objects.get().status == Mail.Status.SENT
    assert len(mailoutbox) == 1
