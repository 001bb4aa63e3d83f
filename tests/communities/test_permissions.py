"""The permission matrix: who may do what, in a public and in a private community.

Rows are people by their place in the community; columns are actions. ``Y`` allowed, ``.`` not.
The public community asks for approval; the private one takes members by invitation only.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from komunitas.communities.actions import do_add_member, do_delete_community, do_remove_member
from komunitas.communities.models import Community, SupportCommitment
from komunitas.permissions import can
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ACTIONS = [
    "view",
    "join",
    "ask_to_join",
    "leave",
    "manage",
    "view_members",
    "post",
    "comment",
    "add_commitment",
]

# fmt: off
PUBLIC = {
    #              view join ask leave manage members post comment commit
    "fasilitator": "Y    .    .   Y     Y      Y       Y    Y       Y",
    "anggota":     "Y    .    .   Y     .      Y       Y    Y       .",
    "mitra":       "Y    .    .   Y     .      Y       .    Y       Y",
    "outsider":    "Y    .    Y   .     .      .       .    .       .",
    "removed":     "Y    .    Y   .     .      .       .    .       .",
    "operator":    "Y    .    Y   .     .      Y       .    .       .",
    "anonymous":   ".    .    .   .     .      .       .    .       .",
}
PRIVATE = {
    "fasilitator": "Y    .    .   Y     Y      Y       Y    Y       Y",
    "anggota":     "Y    .    .   Y     .      Y       Y    Y       .",
    "mitra":       "Y    .    .   Y     .      Y       .    Y       Y",
    "outsider":    ".    .    .   .     .      .       .    .       .",
    "removed":     ".    .    .   .     .      .       .    .       .",
    "operator":    "Y    .    .   .     .      Y       .    .       .",
    "anonymous":   ".    .    .   .     .      .       .    .       .",
}
# fmt: on


def _cases() -> list:
    cases = []
    for visibility, table in (("public", PUBLIC), ("private", PRIVATE)):
        for person, row in table.items():
            for action, cell in zip(ACTIONS, row.split(), strict=True):
                cases.append(
                    pytest.param(
                        visibility,
                        person,
                        action,
                        cell == "Y",
                        id=f"{visibility}-{person}-{action}",
                    )
                )
    return cases


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


@pytest.mark.parametrize(("visibility", "person", "action", "allowed"), _cases())
def test_permission_matrix(
    visibility, person, action, allowed, people, fasilitator, public_community, private_community
):
    community = public_community if visibility == "public" else private_community
    if person == "removed":
        people["removed"] = make_user()
        do_remove_member(
            membership=do_add_member(community=community, user=people["removed"]),
            by=fasilitator,
            reason="Spam",
        )
    community.forget_membership_cache()
    assert can(people[person], f"community.{action}", community) is allowed


def test_anyone_signed_in_may_start_a_community(outsider):
    assert can(outsider, "community.create")
    assert not can(AnonymousUser(), "community.create")


def test_an_open_community_lets_outsiders_join(fasilitator, outsider, public_community):
    public_community.join_policy = Community.JoinPolicy.OPEN
    assert can(outsider, "community.join", public_community)
    assert not can(outsider, "community.ask_to_join", public_community)


def test_a_deleted_community_is_gone_for_its_members(public_community, member, operator):
    do_delete_community(community=public_community, by=None)
    assert not can(member, "community.view", public_community)
    assert can(operator, "community.view", public_community)


def test_a_partner_edits_only_their_own_commitments(public_community, fasilitator, partner):
    other_partner = make_user(role="pengawas")
    do_add_member(community=public_community, user=other_partner, role="mitra")
    own = SupportCommitment.objects.create(
        community=public_community, partner=partner, kind="room", description="Ruang rapat"
    )
    theirs = SupportCommitment.objects.create(
        community=public_community, partner=other_partner, kind="speaker", description="Pemateri"
    )
    public_community.forget_membership_cache()
    assert can(partner, "commitment.edit", own)
    assert not can(partner, "commitment.edit", theirs)
    assert can(fasilitator, "commitment.edit", theirs)


@pytest.mark.parametrize("person", ["member", "outsider"])
def test_others_cannot_edit_commitments(person, public_community, partner, request):
    commitment = SupportCommitment.objects.create(
        community=public_community, partner=partner, kind="funds", description="Dana"
    )
    assert not can(request.getfixturevalue(person), "commitment.edit", commitment)


def test_visible_to_hides_private_communities_from_outsiders(
    public_community, private_community, member, outsider, operator
):
    assert list(Community.objects.visible_to(outsider)) == [public_community]
    assert set(Community.objects.visible_to(member)) == {public_community, private_community}
    assert set(Community.objects.visible_to(operator)) == {public_community, private_community}
    assert not Community.objects.visible_to(AnonymousUser()).exists()
