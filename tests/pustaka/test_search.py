"""The library in the shared search (/cari/): only what the member may see, with the type as the
kind filter and the subject and phase as tags."""

import pytest

from komunitas.search.models import SearchEntry
from tests.pustaka.conftest import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(fasilitator, public_community, private_community, matematika, fase_b, commit):
    with commit():
        return {
            "open": make_resource(
                fasilitator,
                title="Kuis pecahan untuk kelas tiga",
                kind="asesmen",
                subject=matematika,
                phase=fase_b,
                community=public_community,
                audience="everyone",
            ),
            "members": make_resource(
                fasilitator,
                title="Kuis pecahan khusus lingkar",
                community=private_community,
            ),
            "shared": make_resource(
                fasilitator,
                title="Modul pecahan dari lingkar",
                community=private_community,
                audience="everyone",
            ),
        }


def _titles(client, query) -> list[str]:
    response = client.get(f"/cari/?{query}")
    assert response.status_code == 200
    return [str(hit.entry.title) for hit in response.context["hits"]]


def test_resources_are_found_only_by_who_may_see_them(library, login, outsider, member):
    outsiders = _titles(login(outsider), "q=pecahan&kind=pustaka.resource")
    assert sorted(outsiders) == ["Kuis pecahan untuk kelas tiga", "Modul pecahan dari lingkar"]
    page = login(outsider).get("/cari/?q=pecahan").content.decode()
    assert "Lingkar Rahasia" not in page  # a resource for everyone does not name its community
    members = _titles(login(member), "q=pecahan&kind=pustaka.resource")
    assert "Kuis pecahan khusus lingkar" in members


def test_the_type_subject_and_phase_filter_the_search(library, login, member):
    client = login(member)
    assert _titles(client, "q=pecahan&kind=pustaka.resource:asesmen") == [
        "Kuis pecahan untuk kelas tiga"
    ]
    assert _titles(client, "kind=pustaka.resource&tag=Fase+B") == ["Kuis pecahan untuk kelas tiga"]
    assert _titles(client, "kind=pustaka.resource&tag=matematika") == [
        "Kuis pecahan untuk kelas tiga"
    ]


def test_a_removed_resource_leaves_the_index(library, commit):
    resource = library["open"]
    with commit():
        resource.soft_delete()
    assert not SearchEntry.objects.filter(source="pustaka.resource", object_id=resource.pk)
    assert SearchEntry.objects.filter(source="pustaka.resource").count() == 2
