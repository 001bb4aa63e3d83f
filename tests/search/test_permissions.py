"""Search results as a permission matrix: people × public and private communities.

A search result is a view of the thing it shows: it must be there for exactly those who may see
the thing, through the owning app's ``visible_to`` (komunitas.permissions), and nowhere else.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from komunitas.communities.actions import do_add_member, do_remove_member
from komunitas.search.query import Query, search
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Who finds the community itself by its words.
COMMUNITY = {
    #              public private
    "fasilitator": "Y      Y",
    "anggota":     "Y      Y",
    "mitra":       "Y      Y",
    "outsider":    "Y      .",
    "removed":     "Y      .",
    "operator":    "Y      Y",
    "anonymous":   ".      .",
}  # fmt: skip


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


def _cases(table) -> list:
    return [
        pytest.param(person, visibility, cell == "Y", id=f"{visibility}-{person}")
        for person, row in table.items()
        for visibility, cell in zip(("public", "private"), row.split(), strict=True)
    ]


@pytest.mark.parametrize(("person", "visibility", "found"), _cases(COMMUNITY))
def test_who_finds_a_community(
    person, visibility, found, people, public_community, private_community, fasilitator, indexed
):
    community = public_community if visibility == "public" else private_community
    removed = make_user(full_name="Pak Keluar")
    do_remove_member(
        membership=do_add_member(community=community, user=removed),
        by=fasilitator,
        reason="Pindah tugas",
    )
    people["removed"] = removed
    indexed()
    user = people[person]
    results = {entry.object_id for entry in search(user, Query(words=community.name))}
    assert (community.pk in results) is found
    # Filtering by the community gives nothing more than the words do.
    by_filter = {entry.object_id for entry in search(user, Query(community=community))}
    assert (community.pk in by_filter) is found
