"""The shared district map of a kabupaten/kota: who shares in it, what each person sees of it
(never a private community of others), stakeholders, shared Lembar entries, bounded queries."""

import re

import pytest

from komunitas.accounts.models import Regency, User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Community, MapEntry, Stakeholder, SupportCommitment
from komunitas.communities.rules import visible_districts
from komunitas.permissions import can
from tests.communities.conftest import BANTUL, SLEMAN
from tests.factories import make_community, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_sleman")]

MAP = f"/k/wilayah/{SLEMAN}/"


# Who shares in the map of Sleman: Y may see and add, . may not (403).
MATRIX = {
    "fasilitator": "Y",
    "anggota": ".",
    "mitra": "Y",
    "outsider": ".",
    "operator": "Y",
    "dinas": "Y",
    "dinas_elsewhere": ".",
    "penggerak_elsewhere": ".",
    "anonymous": ".",
}


@pytest.mark.parametrize(("person", "cell"), MATRIX.items())
def test_who_shares_in_the_district_map(people, person, cell):
    assert can(people[person], "district_map.view", Regency.objects.get(code=SLEMAN)) is (
        cell == "Y"
    )
    # The list of district maps (/k/wilayah/) agrees with the rule.
    listed = visible_districts(people[person]).filter(code=SLEMAN).exists()
    assert listed is (cell == "Y")


@pytest.mark.parametrize("visibility", ["public", "private"])
def test_a_plain_teacher_who_facilitates_a_community_of_the_district_shares_in_its_map(
    visibility,
):
    teacher = make_user(role=User.Role.GURU)
    make_community(teacher, regency_id=SLEMAN, province_id="34", visibility=visibility)
    assert can(teacher, "district_map.view", Regency.objects.get(code=SLEMAN))
    # ... but not once the community is deleted.
    fresh = User.objects.get(pk=teacher.pk)
    Community.objects.filter(created_by=teacher).update(deleted_at="2026-01-01T00:00Z")
    assert not can(fresh, "district_map.view", Regency.objects.get(code=SLEMAN))


@pytest.mark.parametrize(
    "url",
    [
        MAP,
        f"{MAP}pemangku/",
        f"{MAP}pemangku/baru/",
        f"{MAP}mitra/",
        f"{MAP}lembar/",
    ],
)
@pytest.mark.parametrize(("person", "cell"), MATRIX.items())
def test_the_district_pages_answer_by_the_matrix(client, people, person, cell, url):
    if person != "anonymous":
        client.force_login(people[person])
    response = client.get(url)
    if person == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if cell == "Y" else 403)


def test_an_unknown_district_is_404(login, operator):
    assert login(operator).get("/k/wilayah/99.99/").status_code == 404


def test_the_index_leads_to_ones_own_district(login, fasilitator, outsider):
    response = login(fasilitator).get("/k/wilayah/")
    assert response.status_code == 302 and response["Location"] == MAP
    assert "belum ikut" in login(outsider).get("/k/wilayah/").content.decode()


# --- what each person sees: never a private community of others


def test_a_private_community_shows_only_to_its_members_on_the_district_map(
    login, people, public_community, private_community, partner
):
    SupportCommitment.objects.create(
        community=private_community, partner=partner, kind="room", description="Ruang rahasia"
    )
    for person in ("fasilitator", "mitra", "operator"):
        page = login(people[person]).get(MAP).content.decode()
        assert private_community.name in page, person
    page = login(people["dinas"]).get(MAP).content.decode()
    assert public_community.name in page
    assert private_community.name not in page
    # Partners count only the communities the reader may see.
    assert "mitra 1 komunitas" in page and "mitra 2 komunitas" not in page
    assert "0 komitmen" in page
    partners = login(people["dinas"]).get(f"{MAP}mitra/").content.decode()
    assert "mitra 1 komunitas" in partners


def test_the_stakeholder_form_never_offers_a_private_community_of_others_and_keeps_its_link(
    login, people, public_community, private_community, fasilitator
):
    stakeholder = Stakeholder.objects.create(
        regency_id=SLEMAN, name="Kabid GTK", kind="dinas", added_by=people["dinas"]
    )
    stakeholder.communities.set([private_community])
    client = login(people["dinas"])
    page = client.get(f"{MAP}pemangku/{stakeholder.pk}/").content.decode()
    assert private_community.name not in page
    response = client.post(
        f"{MAP}pemangku/{stakeholder.pk}/",
        {
            "name": "Kabid GTK",
            "kind": "dinas",
            "influence": "3",
            "interest": "3",
            "communities": [public_community.pk, private_community.pk],
        },
    )
    assert response.status_code == 400  # the private one is not a valid choice for them
    client.post(
        f"{MAP}pemangku/{stakeholder.pk}/",
        {
            "name": "Kabid GTK",
            "kind": "dinas",
            "influence": "3",
            "interest": "3",
            "communities": [public_community.pk],
        },
    )
    assert set(stakeholder.communities.all()) == {public_community, private_community}


# --- stakeholders


STAKEHOLDER = {
    "name": "Pak Harjono",
    "kind": "pengawas",
    "institution": "Dinas Pendidikan Kabupaten Sleman",
    "influence": "3",
    "interest": "2",
    "support": "Narasumber asesmen",
    "engagement": "Diundang tiap bulan",
}


def test_a_fasilitator_adds_a_stakeholder_and_it_appears_on_the_grid(
    login, fasilitator, public_community
):
    client = login(fasilitator)
    response = client.post(
        f"{MAP}pemangku/baru/", {**STAKEHOLDER, "communities": [public_community.pk]}
    )
    assert response.status_code == 302
    stakeholder = Stakeholder.objects.get()
    assert (stakeholder.regency_id, stakeholder.added_by, stakeholder.influence) == (
        SLEMAN,
        fasilitator,
        3,
    )
    assert list(stakeholder.communities.all()) == [public_community]
    page = client.get(MAP).content.decode()
    assert "Pak Harjono" in page
    assert 'class="kp-cell-32"' in page


@pytest.mark.parametrize(
    "overrides", [{"name": ""}, {"kind": "raja"}, {"influence": "9"}, {"interest": "x"}]
)
def test_bad_stakeholder_input_gives_the_text_back(login, fasilitator, overrides):
    response = login(fasilitator).post(f"{MAP}pemangku/baru/", {**STAKEHOLDER, **overrides})
    assert response.status_code == 400
    assert "Narasumber asesmen" in response.content.decode()
    assert not Stakeholder.objects.exists()


@pytest.mark.parametrize(
    ("person", "may_edit"),
    [("fasilitator", True), ("dinas", True), ("operator", True), ("mitra", False)],
)
def test_who_may_change_a_stakeholder(login, people, person, may_edit):
    stakeholder = Stakeholder.objects.create(
        regency_id=SLEMAN, name="Bu Rini", kind="komite", added_by=people["fasilitator"]
    )
    client = login(people[person])
    edit = client.get(f"{MAP}pemangku/{stakeholder.pk}/")
    delete = client.post(f"{MAP}pemangku/{stakeholder.pk}/hapus/")
    assert edit.status_code == (200 if may_edit else 403)
    assert delete.status_code == (302 if may_edit else 403)
    stakeholder.refresh_from_db()
    assert (stakeholder.deleted_at is not None) is may_edit  # soft
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()


def test_a_stakeholder_of_another_district_is_404_here(login, operator):
    other = Stakeholder.objects.create(regency_id=BANTUL, name="Orang Bantul", kind="lainnya")
    assert login(operator).get(f"{MAP}pemangku/{other.pk}/").status_code == 404


def test_the_stakeholder_list_filters(login, fasilitator):
    Stakeholder.objects.create(regency_id=SLEMAN, name="Kuat", kind="dinas", influence=3)
    Stakeholder.objects.create(regency_id=SLEMAN, name="Lemah", kind="komite", influence=1)
    client = login(fasilitator)
    page = client.get(f"{MAP}pemangku/?influence=3").content.decode()
    assert "Kuat" in page and "Lemah" not in page
    page = client.get(f"{MAP}pemangku/?q=lem&kind=komite").content.decode()
    assert "Lemah" in page and "Kuat" not in page
    assert client.get(f"{MAP}pemangku/?influence=zzz&page=x").status_code == 200


# --- entries of the Lembar Identifikasi shared on the district map


def test_a_shared_entry_appears_on_the_district_map_and_a_private_one_does_not(
    login, fasilitator, people, private_community
):
    client = login(fasilitator)
    entry = {"name": "MGMP IPA", "influence": "2", "regency": SLEMAN, "shared": "on"}
    assert client.post("/k/peta/", entry).status_code == 302
    client.post("/k/peta/", {"name": "Catatan pribadi", "influence": "1", "regency": SLEMAN})
    MapEntry.objects.filter(name="MGMP IPA").update(community=private_community)
    page = login(people["dinas"]).get(MAP).content.decode()
    assert "MGMP IPA" in page and "Catatan pribadi" not in page
    # It names the private community it became only to those who may see it.
    assert f"/k/{private_community.slug}/" not in page
    assert f"/k/{private_community.slug}/" in login(fasilitator).get(MAP).content.decode()


def test_sharing_needs_a_district_the_person_shares_in(login, fasilitator):
    client = login(fasilitator)
    response = client.post("/k/peta/", {"name": "X", "influence": "2", "shared": "on"})
    assert response.status_code == 400
    response = client.post(
        "/k/peta/", {"name": "X", "influence": "2", "shared": "on", "regency": BANTUL}
    )
    assert response.status_code == 400
    assert not MapEntry.objects.exists()


def test_someone_without_a_district_keeps_a_private_map_only(login, outsider):
    page = login(outsider).get("/k/peta/").content.decode()
    assert 'name="shared"' not in page


# --- bounded queries


def test_the_district_pages_run_the_same_queries_for_few_or_many(
    login, people, partner, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            community = make_community(regency_id=SLEMAN, province_id="34")
            mitra = make_user(role=User.Role.PENGAWAS)
            do_add_member(community=community, user=mitra, role="mitra")
            SupportCommitment.objects.create(
                community=community, partner=mitra, kind="time", description="Waktu"
            )
            Stakeholder.objects.create(
                regency_id=SLEMAN, name=f"Orang {i}", kind="lainnya", influence=i % 3 + 1
            )
            MapEntry.objects.create(
                owner=people["fasilitator"], name=f"Entri {i}", regency_id=SLEMAN, shared=True
            )

    client = login(people["dinas"])
    for url in (MAP, f"{MAP}pemangku/", f"{MAP}mitra/", f"{MAP}lembar/"):
        add(1)
        with django_assert_max_num_queries(15) as few:
            assert client.get(url).status_code == 200
        add(20)
        with django_assert_max_num_queries(15) as many:
            assert client.get(url).status_code == 200
        assert len(few.captured_queries) == len(many.captured_queries), url


def test_the_stakeholder_list_names_only_the_supported_communities_one_may_see(
    login, people, public_community, private_community
):
    stakeholder = Stakeholder.objects.create(regency_id=SLEMAN, name="Bu Wati", kind="komite")
    stakeholder.communities.set([public_community, private_community])
    page = login(people["dinas"]).get(f"{MAP}pemangku/").content.decode()
    assert public_community.name in page and private_community.name not in page
    page = login(people["fasilitator"]).get(f"{MAP}pemangku/").content.decode()
    assert public_community.name in page and private_community.name in page


def test_operators_choose_among_the_districts_that_have_something_on_their_map(login, operator):
    Stakeholder.objects.create(regency_id=BANTUL, name="Orang Bantul", kind="lainnya")
    page = login(operator).get("/k/wilayah/").content.decode()
    assert f'href="/k/wilayah/{SLEMAN}/"' in page and f'href="/k/wilayah/{BANTUL}/"' in page
    assert len(re.findall(r'href="/k/wilayah/\d', page)) == 2
