import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from komunitas.accounts.models import School
from komunitas.accounts.school_import import import_schools

HEADER = "npsn,name,level,status,regency_code,district_code,address\n"
GOOD = HEADER + (
    "20400901,SD Negeri Turi 1,SD,Negeri,34.04,34.04.15,Jl. Turi\n"
    "20400902,SMP Negeri 3 Pakem,smp,negeri,3404,,\n"
)


@pytest.mark.django_db
def test_a_good_file_adds_every_school():
    result = import_schools(GOOD)

    assert result.ok and (result.created, result.updated) == (2, 0)
    turi = School.objects.get(npsn="20400901")
    assert (turi.level, turi.status, turi.regency_id, turi.district_id) == (
        "sd",
        "negeri",
        "34.04",
        "34.04.15",
    )


@pytest.mark.django_db
def test_reimport_updates_schools_by_npsn():
    import_schools(GOOD)
    result = import_schools(HEADER + "20400901,SD Negeri 1 Turi,sd,negeri,34.04,,\n")

    assert (result.created, result.updated) == (0, 1)
    assert School.objects.get(npsn="20400901").name == "SD Negeri 1 Turi"
    assert School.objects.count() == 2


@pytest.mark.django_db
def test_every_bad_row_is_reported_by_line_and_nothing_is_imported():
    text = HEADER + (
        "20400901,SD Negeri Turi 1,sd,negeri,34.04,,\n"
        "1234,Sekolah Pendek,sd,negeri,34.04,,\n"
        "20400903,,sd,negeri,34.04,,\n"
        "20400904,SD X,universitas,negeri,34.04,,\n"
        "20400905,SD Y,sd,campuran,34.04,,\n"
        "20400906,SD Z,sd,negeri,99.99,,\n"
        "20400907,SD W,sd,negeri,34.04,35.01.01,\n"
        "20400901,SD Ganda,sd,negeri,34.04,,\n"
    )

    with translation.override("en"):
        result = import_schools(text)

    assert [line for line, _ in result.errors] == [3, 4, 5, 6, 7, 8, 9]
    assert "1234" in result.errors[0][1]
    assert "line 2" in result.errors[-1][1]
    assert School.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "nama,alamat\nA,B\n", HEADER])
def test_files_without_the_right_columns_or_rows_are_refused(text):
    result = import_schools(text)
    assert not result.ok
    assert result.errors[0][0] == 1


@pytest.mark.django_db
def test_the_command_imports_and_reports_bad_rows(tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(HEADER + "x,y,z,w,v,,\n", encoding="utf-8")

    call_command("import_schools", str(good))
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_schools", str(bad))

    assert School.objects.count() == 2
    assert "bad.csv:2:" in capsys.readouterr().err


def _upload(text, name="sekolah.csv"):
    return SimpleUploadedFile(
        name, text.encode("utf-8") if isinstance(text, str) else text, content_type="text/csv"
    )


@pytest.mark.django_db
def test_an_operator_imports_from_the_page(operator_client):
    response = operator_client.post("/akun/sekolah/impor/", {"file": _upload(GOOD)})
    assert response.status_code == 302
    assert School.objects.filter(npsn__startswith="204009").count() == 2


@pytest.mark.django_db
def test_the_page_lists_the_bad_rows(operator_client):
    response = operator_client.post(
        "/akun/sekolah/impor/", {"file": _upload(HEADER + "123,A,sd,negeri,34.04,,\n")}
    )
    assert response.status_code == 400
    assert response.context["result"].errors[0][0] == 2


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [b"\x00\x01\x02binary", GOOD.encode("utf-16")])
def test_the_page_refuses_files_that_are_not_csv_text(operator_client, payload):
    response = operator_client.post("/akun/sekolah/impor/", {"file": _upload(payload)})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors


@pytest.mark.django_db
def test_the_page_refuses_a_file_over_five_megabytes(operator_client):
    big = HEADER + ("x" * 1000 + "\n") * 5300
    response = operator_client.post("/akun/sekolah/impor/", {"file": _upload(big)})
    assert response.status_code == 400
    assert "5 MB" in str(response.context["form"].errors["file"])


@pytest.mark.django_db
def test_teachers_may_not_import_schools(member_client):
    assert member_client.get("/akun/sekolah/impor/").status_code == 403
    assert member_client.post("/akun/sekolah/impor/", {"file": _upload(GOOD)}).status_code == 403
    assert School.objects.filter(npsn__startswith="204009").count() == 0
