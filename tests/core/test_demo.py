from django.core.management import call_command

from komunitas.accounts.models import User
from komunitas.core.demo import DEMO_PASSWORD

DEMO_ACCOUNTS = {
    "penggerak@demo.test": User.Role.GURU_PENGGERAK,
    "guru@demo.test": User.Role.GURU,
    "kepsek@demo.test": User.Role.KEPALA_SEKOLAH,
    "pengawas@demo.test": User.Role.PENGAWAS,
    "dinas@demo.test": User.Role.DINAS,
    "admin@demo.test": User.Role.OPERATOR,
}


def test_the_demo_builds_a_district_with_every_role(demo):
    assert User.objects.count() >= 60
    for role in User.Role.values:
        assert User.objects.filter(role=role).exists(), role
    assert User.objects.get(email="admin@demo.test").is_superuser
    assert User.objects.get(email="pengawas@demo.test").supervised_schools.exists()
    assert User.objects.get(email="dinas@demo.test").regency.name == "Sleman"


def test_every_demo_account_can_log_in(demo, client):
    for email in DEMO_ACCOUNTS:
        response = client.post("/akun/masuk/", {"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/akun/keluar/")


def test_the_demo_is_idempotent(demo):
    before = User.objects.count()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.count() == before
