"""The permission matrix of the library: who may do what with a resource and a collection.

The resource is added by Siti, an anggota. ``Y`` allowed, ``.`` not. Every ``can`` answer is
checked against ``visible_to`` too (and a collection's ``edit`` against ``editable_by``, the
choices of "add to collection"), so the list, search, the choices and the pages never disagree.
Versions are downloaded under ``resource.download``; collection items show only what both the
collection and the resource let the reader see (tests/pustaka/test_collections.py).
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member, do_delete_community, do_leave
from komunitas.communities.models import Membership
from komunitas.permissions import can
from komunitas.pustaka.models import Collection, Resource
from tests.factories import make_user
from tests.pustaka.conftest import make_resource

pytestmark = pytest.mark.django_db

ACTIONS = ["view", "download", "edit", "delete", "vote"]

# fmt: off
MATRIX = {
    # where the resource is, for whom:  view download edit delete vote
    ("public", "community"): {
        "fasilitator": "Y Y Y Y Y",
        "anggota":     "Y Y Y Y .",
        "mitra":       "Y Y . . Y",
        "outsider":    ". . . . .",
        "operator":    "Y Y . Y Y",
        "anonymous":   ". . . . .",
    },
    ("public", "everyone"): {
        "fasilitator": "Y Y Y Y Y",
        "anggota":     "Y Y Y Y .",
        "mitra":       "Y Y . . Y",
        "outsider":    "Y Y . . Y",
        "operator":    "Y Y . Y Y",
        "anonymous":   ". . . . .",
    },
    ("private", "community"): {
        "fasilitator": "Y Y Y Y Y",
        "anggota":     "Y Y Y Y .",
        "mitra":       "Y Y . . Y",
        "outsider":    ". . . . .",
        "operator":    "Y Y . Y Y",
        "anonymous":   ". . . . .",
    },
    ("private", "everyone"): {
        "fasilitator": "Y Y Y Y Y",
        "anggota":     "Y Y Y Y .",
        "mitra":       "Y Y . . Y",
        "outsider":    "Y Y . . Y",
        "operator":    "Y Y . Y Y",
        "anonymous":   ". . . . .",
    },
    ("none", "everyone"): {
        "fasilitator": "Y Y . . Y",
        "anggota":     "Y Y Y Y .",
        "mitra":       "Y Y . . Y",
        "outsider":    "Y Y . . Y",
        "operator":    "Y Y . Y Y",
        "anonymous":   ". . . . .",
    },
}
# fmt: on


def _cases():
    for (place, audience), table in MATRIX.items():
        for person, row in table.items():
            for action, cell in zip(ACTIONS, row.split(), strict=True):
                yield pytest.param(
                    place,
                    audience,
                    person,
                    action,
                    cell == "Y",
                    id=f"{place}-{audience}-{person}-{action}",
                )


@pytest.fixture
def people(fasilitator, member, partner, outsider, operator):
    return {
        "fasilitator": fasilitator,
        "anggota": member,
        "mitra": partner,
        "outsider": outsider,
        "operator": operator,
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def places(public_community, private_community):
    return {"public": public_community, "private": private_community, "none": None}


@pytest.mark.parametrize(("place", "audience", "person", "action", "expected"), list(_cases()))
def test_resource_matrix(people, places, member, place, audience, person, action, expected):
    resource = make_resource(member, community=places[place], audience=audience)
    user = people[person]
    assert can(user, f"resource.{action}", resource) is expected
    if action == "view":
        assert Resource.objects.visible_to(user).filter(pk=resource.pk).exists() is expected


# fmt: off
CREATE = {
    #              in public  in private  in no community
    "fasilitator": "Y          Y           Y",
    "anggota":     "Y          Y           Y",
    "mitra":       ".          .           Y",
    "outsider":    ".          .           Y",
    "operator":    ".          .           Y",
}
# fmt: on


@pytest.mark.parametrize(
    ("person", "place", "expected"),
    [
        pytest.param(person, place, cell == "Y", id=f"{person}-{place}")
        for person, row in CREATE.items()
        for place, cell in zip(("public", "private", "none"), row.split(), strict=True)
    ],
)
def test_who_adds_resources_where(people, places, person, place, expected):
    assert can(people[person], "resource.create", places[place]) is expected


# fmt: off
COLLECTIONS = {
    # whose collection:        view edit (fasilitator, anggota, mitra, outsider, operator, owner)
    "public": {
        "fasilitator": "Y Y", "anggota": "Y .", "mitra": "Y .", "outsider": "Y .",
        "operator": "Y .", "anonymous": ". .",
    },
    "private": {
        "fasilitator": "Y Y", "anggota": "Y .", "mitra": "Y .", "outsider": ". .",
        "operator": "Y .", "anonymous": ". .",
    },
    "personal": {
        "fasilitator": ". .", "anggota": "Y Y", "mitra": ". .", "outsider": ". .",
        "operator": ". .", "anonymous": ". .",
    },
}
# fmt: on


@pytest.mark.parametrize(
    ("kind", "person", "action", "expected"),
    [
        pytest.param(kind, person, action, cell == "Y", id=f"{kind}-{person}-{action}")
        for kind, table in COLLECTIONS.items()
        for person, row in table.items()
        for action, cell in zip(("view", "edit"), row.split(), strict=True)
    ],
)
def test_collection_matrix(people, places, fasilitator, member, kind, person, action, expected):
    if kind == "personal":
        collection = Collection.objects.create(title="Bacaan saya", owner=member)
    else:
        collection = Collection.objects.create(
            title="Asesmen formatif Fase B", owner=fasilitator, community=places[kind]
        )
    user = people[person]
    assert can(user, f"collection.{action}", collection) is expected
    listed = {"view": Collection.objects.visible_to, "edit": Collection.objects.editable_by}
    assert listed[action](user).filter(pk=collection.pk).exists() is expected


def test_only_fasilitators_make_community_collections(people, public_community):
    allowed = {p for p, u in people.items() if can(u, "collection.create", public_community)}
    assert allowed == {"fasilitator"}
    assert can(people["outsider"], "collection.create", None)


def test_a_member_who_leaves_loses_the_communitys_private_resources(
    member, fasilitator, private_community
):
    resource = make_resource(fasilitator, community=private_community)
    assert can(member, "resource.view", resource)
    do_leave(membership=Membership.objects.get(user=member, community=private_community))
    private_community.forget_membership_cache()
    assert not can(member, "resource.download", resource)
    assert not Resource.objects.visible_to(member).filter(pk=resource.pk).exists()


def test_a_deleted_resource_or_community_hides_the_resource(operator, member, public_community):
    resource = make_resource(member, community=public_community)
    resource.soft_delete()
    assert not can(operator, "resource.view", resource)
    other = make_resource(member, community=public_community)
    do_delete_community(community=public_community, by=None)
    other.refresh_from_db()
    assert not can(member, "resource.view", other)
    assert not Resource.objects.visible_to(operator).exists()


@pytest.mark.parametrize("role", [User.Role.PENGAWAS, User.Role.DINAS, User.Role.KEPALA_SEKOLAH])
@pytest.mark.parametrize("place", ["public", "private"])
def test_partners_of_every_kind_read_but_do_not_curate(places, member, fasilitator, role, place):
    """Pengawas, dinas and kepala sekolah join a community as mitra: they read its resources
    and collections, vote, and change nothing; ``can`` and the querysets agree."""
    partner = make_user(f"{role}@contoh.test", full_name="Mitra", role=role)
    do_add_member(community=places[place], user=partner, role=Membership.Role.MITRA)
    places[place].forget_membership_cache()
    resource = make_resource(member, community=places[place])
    collection = Collection.objects.create(
        title="Asesmen formatif Fase B", owner=fasilitator, community=places[place]
    )
    expected = {
        "resource.view": True,
        "resource.download": True,
        "resource.vote": True,
        "resource.edit": False,
        "resource.delete": False,
        "collection.view": True,
        "collection.edit": False,
    }
    for action, allowed in expected.items():
        target = collection if action.startswith("collection.") else resource
        assert can(partner, action, target) is allowed, action
    assert Resource.objects.visible_to(partner).filter(pk=resource.pk).exists()
    assert Collection.objects.visible_to(partner).filter(pk=collection.pk).exists()
    assert not Collection.objects.editable_by(partner).filter(pk=collection.pk).exists()


@pytest.mark.parametrize("person", ["fasilitator", "anggota", "operator"])
def test_a_deleted_collection_is_seen_and_changed_by_nobody(
    people, places, fasilitator, member, person
):
    community = Collection.objects.create(
        title="Lama", owner=fasilitator, community=places["public"]
    )
    personal = Collection.objects.create(title="Bacaan saya", owner=member)
    user = people[person]
    for collection in (community, personal):
        collection.soft_delete()
        for action, listed in (
            ("view", Collection.objects.visible_to(user)),
            ("edit", Collection.objects.editable_by(user)),
        ):
            assert not can(user, f"collection.{action}", collection)
            assert not listed.filter(pk=collection.pk).exists()
