"""The Lembar Identifikasi: a private map of the communities around a guru penggerak."""

import pytest

from komunitas.communities.models import Community, MapEntry

pytestmark = pytest.mark.django_db

ENTRY = {
    "name": "MGMP Matematika SMP Sleman",
    "pic": "Pak Joko",
    "target": "Guru matematika SMP",
    "purpose": "Berbagi strategi asesmen formatif",
    "activities": "Lokakarya bulanan",
    "frequency": "Sebulan sekali",
    "my_role": "Anggota",
    "benefit": "Bahan ajar bersama",
    "influence": "3",
}


def test_a_penggerak_adds_an_entry_to_their_map(login, fasilitator):
    response = login(fasilitator).post("/k/peta/", ENTRY)
    assert response.status_code == 302
    entry = MapEntry.objects.get()
    assert (entry.owner, entry.influence) == (fasilitator, 3)


def test_bad_map_input_gives_the_text_back(login, fasilitator):
    response = login(fasilitator).post("/k/peta/", {**ENTRY, "name": "", "influence": "9"})
    assert response.status_code == 400
    assert "Berbagi strategi asesmen formatif" in response.content.decode()
    assert not MapEntry.objects.exists()


def test_the_map_is_private_to_its_owner(login, fasilitator, outsider):
    entry = MapEntry.objects.create(owner=fasilitator, name="KKG Rahasia")
    client = login(outsider)
    assert "KKG Rahasia" not in client.get("/k/peta/").content.decode()
    assert client.get(f"/k/peta/{entry.pk}/").status_code == 403
    assert client.post(f"/k/peta/{entry.pk}/hapus/").status_code == 403
    assert client.get(f"/k/baru/?dari={entry.pk}").content.decode().count("KKG Rahasia") == 0


def test_an_entry_becomes_a_community(login, fasilitator):
    entry = MapEntry.objects.create(owner=fasilitator, **{**ENTRY, "influence": 3})
    client = login(fasilitator)
    response = client.get(f"/k/peta/{entry.pk}/jadikan-komunitas/", follow=True)
    assert "MGMP Matematika SMP Sleman" in response.content.decode()
    data = {
        "name": entry.name,
        "slug": "mgmp-matematika",
        "domain": entry.purpose,
        "kind": "antar_sekolah",
        "scope": "kabupaten",
        "visibility": "public",
        "join_policy": "open",
        "stage": "merintis",
        "rhythm_interval": "1",
        "rhythm_zone": "Asia/Jakarta",
    }
    response = client.post(f"/k/baru/?dari={entry.pk}", data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.community == Community.objects.get(slug="mgmp-matematika")


def test_deleting_an_entry_is_soft(login, fasilitator):
    entry = MapEntry.objects.create(owner=fasilitator, name="Komunitas Lama")
    login(fasilitator).post(f"/k/peta/{entry.pk}/hapus/")
    entry.refresh_from_db()
    assert entry.deleted_at is not None


def test_the_map_page_runs_the_same_queries_for_few_or_many(
    login, fasilitator, django_assert_max_num_queries
):
    client = login(fasilitator)
    MapEntry.objects.create(owner=fasilitator, name="Satu")
    with django_assert_max_num_queries(15) as few:
        client.get("/k/peta/")
    MapEntry.objects.bulk_create(MapEntry(owner=fasilitator, name=f"K{n}") for n in range(30))
    with django_assert_max_num_queries(15) as many:
        assert client.get("/k/peta/").status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)
