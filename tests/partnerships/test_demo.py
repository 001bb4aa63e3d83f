"""The demo's requests for support: one done, one declined with a reason, one overdue."""

from django.core.management import call_command
from django.urls import reverse

from komunitas.accounts.models import User
from komunitas.notifications.models import Notification
from komunitas.partnerships.models import SupportRequest

Status = SupportRequest.Status


def test_the_demo_shows_the_partnership_cycle(demo, client):
    requests = SupportRequest.objects.select_related("partner")
    by_partner = {r.partner.email: r for r in requests if r.status != Status.PROPOSED}
    assert by_partner["kepsek@demo.test"].status == Status.DONE
    assert by_partner["kepsek@demo.test"].commitment.status == "delivered"
    declined = by_partner["dinas@demo.test"]
    assert declined.status == Status.DECLINED and "Anggaran" in declined.answer
    overdue = by_partner["pengawas@demo.test"]
    assert overdue.is_overdue and overdue.steps.filter(kind="overdue").exists()
    assert requests.filter(status=Status.PROPOSED).exists()
    assert Notification.objects.filter(event__kind="partnerships.request_reminder").exists()
    count = requests.count()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SupportRequest.objects.count() == count
    client.force_login(User.objects.get(email="pengawas@demo.test"))
    home = client.get(reverse("core:home")).content.decode()
    assert overdue.get_absolute_url() in home
    page = client.get(overdue.get_absolute_url())
    assert page.status_code == 200 and "Dua jam pelajaran" in page.content.decode()
