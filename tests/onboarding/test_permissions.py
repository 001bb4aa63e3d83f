"""Who may do what in onboarding: operator, Dinas (own kabupaten/kota or another), pengawas,
kepala sekolah, member, anonymous × template, upload, import, batch page, school requests."""

import pytest
from django.urls import reverse

from komunitas.onboarding.actions import do_check_batch, do_request_school
from komunitas.onboarding.models import ImportBatch, SchoolRequest
from tests.onboarding.conftest import csv_bytes, upload

ROLES = ["operator", "dinas", "dinas_elsewhere", "pengawas", "partner", "member", "anonymous"]
# Expected for a batch uploaded by the Dinas of Sleman and a school asked for in Sleman.
MAY = {
    "operator": {"template", "upload", "view", "import", "decide"},
    "dinas": {"template", "upload", "view", "import", "decide"},
    "dinas_elsewhere": {"template", "upload"},
    "pengawas": set(),
    "partner": set(),
    "member": set(),
    "anonymous": set(),
}


@pytest.fixture
def actor(request, client):
    name = request.param
    if name != "anonymous":
        client.force_login(request.getfixturevalue(name))
    return name


@pytest.fixture
def batch(dinas, school):
    return do_check_batch(
        data=csv_bytes(f"Ibu A,a@contoh.test,,{school.npsn},guru,"), file_name="a.csv", by=dinas
    )


@pytest.fixture
def school_request(outsider):
    from komunitas.accounts.models import Regency

    return do_request_school(
        by=outsider,
        npsn="20499901",
        name="SD Baru",
        level="sd",
        school_status="swasta",
        regency=Regency.objects.get(code="34.04"),
    )


def allowed(response) -> bool:
    if response.status_code in (302, 200) and "/akun/masuk/" not in response.get("Location", ""):
        return True
    assert response.status_code in (302, 403, 404), response.status_code
    return False


@pytest.mark.parametrize("actor", ROLES, indirect=True)
def test_matrix(actor, client, batch, school_request, school):
    may = MAY[actor]
    assert allowed(client.get(reverse("onboarding:template", args=["csv"]))) == ("template" in may)
    assert allowed(client.get(reverse("onboarding:template", args=["xlsx"]))) == ("template" in may)
    response = client.post(
        reverse("onboarding:index"),
        {"file": upload(csv_bytes(f"Ibu B,b@contoh.test,,{school.npsn},guru,"))},
    )
    assert allowed(response) == ("upload" in may)
    assert allowed(client.get(reverse("onboarding:batch", args=[batch.pk]))) == ("view" in may)
    assert allowed(client.get(reverse("onboarding:errors_csv", args=[batch.pk]))) == ("view" in may)
    response = client.post(reverse("onboarding:import", args=[batch.pk]))
    assert allowed(response) == ("import" in may)
    batch.refresh_from_db()
    assert (batch.status == ImportBatch.Status.IMPORTED) == ("import" in may)
    response = client.post(
        reverse("onboarding:school_request", args=[school_request.pk]), {"answer": "approve"}
    )
    assert allowed(response) == ("decide" in may)
    school_request.refresh_from_db()
    assert (school_request.status == SchoolRequest.Status.APPROVED) == ("decide" in may)


def test_the_teacher_who_asked_sees_the_answer_but_cannot_decide(client, outsider, school_request):
    client.force_login(outsider)
    url = reverse("onboarding:school_request", args=[school_request.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "approve"}).status_code == 403


def test_dinas_lists_only_its_own_batches(client, dinas, dinas_elsewhere, batch):
    client.force_login(dinas_elsewhere)
    assert batch.file_name not in client.get(reverse("onboarding:index")).content.decode()
    client.force_login(dinas)
    assert batch.file_name in client.get(reverse("onboarding:index")).content.decode()
