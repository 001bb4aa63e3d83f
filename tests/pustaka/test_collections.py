"""Collections: fasilitators curate ordered community collections; members keep personal ones."""

import pytest

from komunitas.pustaka import actions
from komunitas.pustaka.models import Collection, CollectionItem
from tests.pustaka.conftest import make_resource

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [item.resource.title for item in response.context["page"].object_list]


def test_a_fasilitator_curates_an_ordered_community_collection(
    login, fasilitator, member, public_community
):
    client = login(fasilitator)
    response = client.post(
        "/pustaka/koleksi/baru/",
        {"title": "Asesmen formatif Fase B", "community": public_community.pk},
    )
    assert response.status_code == 302
    collection = Collection.objects.get()
    assert collection.community == public_community and collection.owner == fasilitator
    first, second, third = (make_resource(member, title=t) for t in ("Satu", "Dua", "Tiga"))
    for resource in (first, second, third):
        client.post(f"/pustaka/{resource.pk}/koleksi/", {"collection": collection.pk})
    client.post(f"/pustaka/{first.pk}/koleksi/", {"collection": collection.pk})  # once only
    assert collection.items.count() == 3
    third_item = collection.items.get(resource=third)
    assert (
        client.post(f"/pustaka/koleksi/{collection.pk}/item/{third_item.pk}/naik/").status_code
        == 302
    )
    page = login(member).get(f"/pustaka/koleksi/{collection.pk}/")
    assert _titles(page) == ["Satu", "Tiga", "Dua"]
    first_item = collection.items.get(resource=first)
    client = login(fasilitator)
    client.post(f"/pustaka/koleksi/{collection.pk}/item/{first_item.pk}/turun/")
    client.post(f"/pustaka/koleksi/{collection.pk}/item/{third_item.pk}/naik/")  # already first
    assert _titles(client.get(f"/pustaka/koleksi/{collection.pk}/")) == ["Tiga", "Satu", "Dua"]
    client.post(f"/pustaka/koleksi/{collection.pk}/item/{first_item.pk}/keluarkan/")
    assert _titles(client.get(f"/pustaka/koleksi/{collection.pk}/")) == ["Tiga", "Dua"]


def test_members_cannot_change_a_community_collection(login, fasilitator, member, public_community):
    collection = Collection.objects.create(
        title="Asesmen", owner=fasilitator, community=public_community
    )
    resource = make_resource(member)
    client = login(member)
    response = client.post(f"/pustaka/{resource.pk}/koleksi/", {"collection": collection.pk})
    assert response.status_code == 302
    assert not CollectionItem.objects.exists()  # not among her choices: refused
    assert client.get(f"/pustaka/koleksi/{collection.pk}/ubah/").status_code == 403
    assert client.post(f"/pustaka/koleksi/{collection.pk}/hapus/").status_code == 403
    response = client.post(
        "/pustaka/koleksi/baru/", {"title": "Milik saya", "community": public_community.pk}
    )
    assert response.status_code == 400  # only fasilitators make community collections


def test_a_personal_collection_is_its_owners_alone(login, member, outsider, fasilitator):
    client = login(member)
    response = client.post("/pustaka/koleksi/baru/", {"title": "Bacaan akhir pekan"})
    collection = Collection.objects.get()
    assert response.status_code == 302 and collection.is_personal
    resource = make_resource(fasilitator)
    client.post(f"/pustaka/{resource.pk}/koleksi/", {"collection": collection.pk, "note": "PR"})
    assert collection.items.get().note == "PR"
    assert "Bacaan akhir pekan" in client.get("/pustaka/koleksi/?milik=saya").content.decode()
    other = login(outsider)
    assert other.get(f"/pustaka/koleksi/{collection.pk}/").status_code == 404
    assert "Bacaan akhir pekan" not in other.get("/pustaka/koleksi/").content.decode()
    response = other.post(f"/pustaka/{resource.pk}/koleksi/", {"collection": collection.pk})
    assert response.status_code == 302 and collection.items.count() == 1


def test_a_collection_shows_only_the_resources_the_reader_may_see(
    login, fasilitator, outsider, public_community, private_community
):
    collection = Collection.objects.create(
        title="Campuran", owner=fasilitator, community=public_community
    )
    actions.do_add_to_collection(
        collection=collection, resource=make_resource(fasilitator, title="Terbuka"), by=fasilitator
    )
    actions.do_add_to_collection(
        collection=collection,
        resource=make_resource(fasilitator, community=private_community, title="Rahasia"),
        by=fasilitator,
    )
    page = login(outsider).get(f"/pustaka/koleksi/{collection.pk}/")
    assert _titles(page) == ["Terbuka"]
    assert "Rahasia" not in page.content.decode()
    listing = login(outsider).get("/pustaka/koleksi/")
    assert listing.context["page"].object_list[0].item_count == 1


def test_a_private_communitys_collection_is_hidden_from_outsiders(
    login, fasilitator, outsider, private_community
):
    collection = Collection.objects.create(
        title="Bahan lingkar", owner=fasilitator, community=private_community
    )
    client = login(outsider)
    assert client.get(f"/pustaka/koleksi/{collection.pk}/").status_code == 404
    assert "Bahan lingkar" not in client.get("/pustaka/koleksi/").content.decode()


def test_deleting_a_collection_keeps_its_resources(login, member, fasilitator):
    collection = Collection.objects.create(title="Sementara", owner=member)
    resource = make_resource(fasilitator)
    actions.do_add_to_collection(collection=collection, resource=resource, by=member)
    client = login(member)
    assert client.post(f"/pustaka/koleksi/{collection.pk}/hapus/").status_code == 302
    assert client.get(f"/pustaka/koleksi/{collection.pk}/").status_code == 404
    assert client.get(f"/pustaka/{resource.pk}/").status_code == 200


def test_collection_pages_run_the_same_queries_for_few_or_many(
    login, fasilitator, member, public_community, django_assert_max_num_queries
):
    collection = Collection.objects.create(
        title="Banyak", owner=fasilitator, community=public_community
    )
    actions.do_add_to_collection(
        collection=collection, resource=make_resource(fasilitator), by=fasilitator
    )
    client = login(member)
    few = {}
    for url in ("/pustaka/koleksi/", f"/pustaka/koleksi/{collection.pk}/"):
        with django_assert_max_num_queries(15) as few[url]:
            client.get(url)
    for n in range(40):
        actions.do_add_to_collection(
            collection=collection,
            resource=make_resource(fasilitator, title=f"Bahan {n}"),
            by=fasilitator,
        )
        Collection.objects.create(
            title=f"Koleksi {n}", owner=fasilitator, community=public_community
        )
    for url, before in few.items():
        with django_assert_max_num_queries(15) as many:
            assert client.get(url).status_code == 200
        assert len(many.captured_queries) == len(before.captured_queries), url
