"""The pages: upload and preview, every bad file answered with a report (never a 500), the
template and the exported problems safe in a spreadsheet, school requests."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from komunitas.accounts.models import Regency, User
from komunitas.notifications.models import Notification
from komunitas.onboarding.models import ImportBatch, SchoolRequest
from tests.onboarding.conftest import csv_bytes, upload


@pytest.fixture
def dinas_client(client, dinas):
    client.force_login(dinas)
    return client


def test_upload_then_preview_then_import(dinas_client, school):
    response = dinas_client.post(
        reverse("onboarding:index"),
        {"file": upload(csv_bytes(f"Ibu A,a@contoh.test,,{school.npsn},guru,"))},
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == batch.get_absolute_url()
    page = dinas_client.get(batch.get_absolute_url()).content.decode()
    assert reverse("onboarding:import", args=[batch.pk]) in page
    assert not User.objects.filter(email="a@contoh.test").exists()
    dinas_client.post(reverse("onboarding:import", args=[batch.pk]))
    assert User.objects.filter(email="a@contoh.test").exists()


@pytest.mark.parametrize(
    "data,name",
    [
        (b"%PDF-1.7\n...", "guru.csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "guru.xls"),
        (b"PK\x03\x04\x14\x00broken", "guru.xlsx"),
        (b"", "kosong.csv"),
        (b"\xff\xfe\x00\xd8", "aneh.csv"),
        (b"nama,email,npsn\n\"=cmd|' /C calc'!A0\",a@b.id,12345678\n", "rumus.csv"),
    ],
)
def test_bad_files_get_a_report_not_a_500(dinas_client, data, name):
    response = dinas_client.post(reverse("onboarding:index"), {"file": upload(data, name)})
    if response.status_code == 400:  # the form refused it (an empty file)
        assert "file" in response.context["form"].errors
        return
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.INVALID and batch.source == b""
    page = dinas_client.get(batch.get_absolute_url())
    assert page.status_code == 200 and "Nothing was imported" not in "" and batch.errors


def test_a_file_too_big_is_refused(dinas_client, settings, school):
    settings.ONBOARDING_MAX_BYTES = 1000
    data = csv_bytes(*[f"Guru {n},g{n}@contoh.test,,{school.npsn},guru," for n in range(100)])
    response = dinas_client.post(reverse("onboarding:index"), {"file": upload(data)})
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_the_exported_problems_are_safe_in_a_spreadsheet(dinas_client, school):
    data = csv_bytes(f'"@SUM(1+1)*cmd",a@contoh.test,,{school.npsn},guru,', "=1+1,b@x.id,,1,guru,")
    dinas_client.post(reverse("onboarding:index"), {"file": upload(data)})
    batch = ImportBatch.objects.get()
    text = dinas_client.get(reverse("onboarding:errors_csv", args=[batch.pk])).content.decode(
        "utf-8-sig"
    )
    for line in text.splitlines()[1:]:
        for cell in line.split(",", 1):
            assert not cell.lstrip('" ').startswith(("=", "+", "-", "@"))


def test_the_templates_read_back_as_a_good_file(dinas_client, dinas, school):
    from komunitas.onboarding.checking import COLUMNS, check

    csv_file = dinas_client.get(reverse("onboarding:template", args=["csv"]))
    assert csv_file["Content-Type"] == "text/csv"
    assert csv_file.content.decode("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)
    xlsx = dinas_client.get(reverse("onboarding:template", args=["xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx), read_only=True).worksheets[0]
    assert [c.value for c in next(sheet.iter_rows())] == list(COLUMNS)
    plan = check(xlsx, by=dinas)  # the example NPSN is not a school here: reported by line
    assert [line for line, _ in plan.errors] == [2, 3]


def test_the_page_and_batch_pages_have_constant_queries(
    dinas_client, dinas, school, django_assert_max_num_queries
):
    from komunitas.onboarding.actions import do_check_batch

    for n in range(5):
        do_check_batch(data=csv_bytes(f"Ibu,x{n}@y.id,,1,guru,"), file_name=f"{n}.csv", by=dinas)
    with django_assert_max_num_queries(12):
        assert dinas_client.get(reverse("onboarding:index")).status_code == 200
    batch = ImportBatch.objects.first()
    with django_assert_max_num_queries(10):
        assert dinas_client.get(batch.get_absolute_url()).status_code == 200


def test_a_teacher_asks_for_a_school_and_the_dinas_approves(
    client, outsider, dinas, dinas_elsewhere, operator, commit, run_worker
):
    client.force_login(outsider)
    url = reverse("onboarding:request_school")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"npsn": "12", "name": "", "level": "sd", "school_status": "negeri"})
    assert bad.status_code == 400
    with commit():
        response = client.post(
            url,
            {
                "npsn": "20499901",
                "name": "SD  Baru",
                "level": "sd",
                "school_status": "swasta",
                "regency": "34.04",
            },
        )
    request = SchoolRequest.objects.get()
    assert response["Location"] == request.get_absolute_url()
    run_worker()
    told = set(
        Notification.objects.filter(event__kind="onboarding.school_requested").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {dinas.email, operator.email}  # not the Dinas of another kabupaten/kota
    client.force_login(dinas)
    with commit():
        client.post(request.get_absolute_url(), {"answer": "approve"})
    request.refresh_from_db()
    outsider.refresh_from_db()
    assert request.status == SchoolRequest.Status.APPROVED
    assert outsider.school.npsn == "20499901" and outsider.school.name == "SD Baru"
    assert outsider.school.regency == Regency.objects.get(code="34.04")
    run_worker()
    assert Notification.objects.filter(
        event__kind="onboarding.school_answered", recipient=outsider
    ).exists()
    assert mail.outbox


def test_decline_needs_a_reason(client, outsider, operator):
    from komunitas.onboarding.actions import do_request_school

    request = do_request_school(
        by=outsider,
        npsn="20499902",
        name="SD Lain",
        level="sd",
        school_status="negeri",
        regency=Regency.objects.get(code="34.04"),
    )
    client.force_login(operator)
    url = request.get_absolute_url()
    assert client.post(url, {"answer": "decline", "reason": ""}).status_code == 400
    client.post(url, {"answer": "decline", "reason": "NPSN tidak ditemukan di Dapodik."})
    request.refresh_from_db()
    assert request.status == SchoolRequest.Status.DECLINED and request.reason
    # A request answered cannot be answered again.
    assert client.post(url, {"answer": "approve"}).status_code == 403
