import pytest

from komunitas.accounts.models import District, Province, Regency


@pytest.mark.django_db
def test_all_38_provinces_and_514_regencies_are_shipped():
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    assert Regency.objects.filter(kind="kabupaten").count() == 416
    assert Regency.objects.filter(kind="kota").count() == 98
    assert District.objects.count() > 7000


@pytest.mark.django_db
def test_papua_is_divided_as_in_2022():
    papua = dict(Province.objects.filter(code__startswith="9").values_list("code", "name"))
    assert papua == {
        "91": "Papua",
        "92": "Papua Barat",
        "93": "Papua Selatan",
        "94": "Papua Tengah",
        "95": "Papua Pegunungan",
        "96": "Papua Barat Daya",
    }
    assert Regency.objects.get(name="Merauke").province_id == "93"
    assert Regency.objects.get(kind="kota", name="Sorong").province_id == "96"
    assert Regency.objects.get(kind="kota", name="Jayapura").code == "91.71"


@pytest.mark.django_db
def test_region_codes_follow_kemendagri_form():
    assert all(
        len(code) == 5 and code[2] == "." for code in Regency.objects.values_list("code", flat=True)
    )

    for regency in Regency.objects.all():
        assert regency.code.startswith(regency.province_id + ".")
