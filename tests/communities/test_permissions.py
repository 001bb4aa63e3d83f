"""The permission matrix: who may do what, in a public, a private and a deleted community, and
with what is inside them (commitments, invitations, reports, Lembar entries).

Rows are people by their place in the community; columns are actions. ``Y`` allowed, ``.`` not.
The public community asks for approval; the private one takes members by invitation only.
Every ``community.view`` answer is checked against ``Community.objects.visible_to`` too, so the
lists and the pages never disagree.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.communities.actions import (
    do_add_member,
    do_delete_commitment,
    do_delete_community,
    do_invite_by_email,
    do_remove_member,
    do_report_community,
    do_revoke_invitation,
    do_save_commitment,
    do_save_map_entry,
)
from komunitas.communities.models import Community, MapEntry, Membership, SupportCommitment
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
    "report",
    "delete",
]

# The partners (mitra) are a kepala sekolah (Endang), a pengawas and a Dinas officer: the same
# answers, whatever their office.
# fmt: off
PUBLIC = {
    #                 view join ask leave manage members post comment commit report delete
    "fasilitator":    "Y    .    .   Y     Y      Y       Y    Y       Y      .      Y",
    "anggota":        "Y    .    .   Y     .      Y       Y    Y       .      Y      .",
    "mitra":          "Y    .    .   Y     .      Y       .    Y       Y      Y      .",
    "mitra_pengawas": "Y    .    .   Y     .      Y       .    Y       Y      Y      .",
    "mitra_dinas":    "Y    .    .   Y     .      Y       .    Y       Y      Y      .",
    "outsider":       "Y    .    Y   .     .      .       .    .       .      Y      .",
    "removed":        "Y    .    Y   .     .      .       .    .       .      Y      .",
    "operator":       "Y    .    Y   .     .      Y       .    .       .      Y      .",
    "anonymous":      ".    .    .   .     .      .       .    .       .      .      .",
}
PRIVATE = {
    "fasilitator":    "Y    .    .   Y     Y      Y       Y    Y       Y      .      Y",
    "anggota":        "Y    .    .   Y     .      Y       Y    Y       .      Y      .",
    "mitra":          "Y    .    .   Y     .      Y       .    Y       Y      Y      .",
    "mitra_pengawas": "Y    .    .   Y     .      Y       .    Y       Y      Y      .",
    "mitra_dinas":    "Y    .    .   Y     .      Y       .    Y       Y      Y      .",
    "outsider":       ".    .    .   .     .      .       .    .       .      .      .",
    "removed":        ".    .    .   .     .      .       .    .       .      .      .",
    "operator":       "Y    .    .   .     .      Y       .    .       .      Y      .",
    "anonymous":      ".    .    .   .     .      .       .    .       .      .      .",
}
# A deleted community (public or private) is gone for everyone but the operators, who see it
# on the moderation pages (to restore it) and never in a list: ``visible_to`` leaves it out.
DELETED = {
    "fasilitator":    ".    .    .   .     .      .       .    .       .      .      .",
    "anggota":        ".    .    .   .     .      .       .    .       .      .      .",
    "mitra":          ".    .    .   .     .      .       .    .       .      .      .",
    "mitra_pengawas": ".    .    .   .     .      .       .    .       .      .      .",
    "mitra_dinas":    ".    .    .   .     .      .       .    .       .      .      .",
    "outsider":       ".    .    .   .     .      .       .    .       .      .      .",
    "removed":        ".    .    .   .     .      .       .    .       .      .      .",
    "operator":       "Y    .    .   .     .      Y       .    .       .      .      .",
    "anonymous":      ".    .    .   .     .      .       .    .       .      .      .",
}
# fmt: on
PLACES = {
    "public": PUBLIC,
    "private": PRIVATE,
    "deleted-public": DELETED,
    "deleted-private": DELETED,
}


def _cases() -> list:
    cases = []
    for place, table in PLACES.items():
        for person, row in table.items():
            for action, cell in zip(ACTIONS, row.split(), strict=True):
                cases.append(
                    pytest.param(
                        place, person, action, cell == "Y", id=f"{place}-{person}-{action}"
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


@pytest.fixture
def places(public_community, private_community):
    return {
        "public": public_community,
        "private": private_community,
        "deleted-public": public_community,
        "deleted-private": private_community,
    }


def _someone(person, community, fasilitator):
    """The people who are made for one case: a removed member, a pengawas or Dinas partner."""
    if person == "removed":
        removed = make_user()
        membership = do_add_member(community=community, user=removed)
        do_remove_member(membership=membership, by=fasilitator, reason="Spam")
        return removed
    role = {"mitra_pengawas": User.Role.PENGAWAS, "mitra_dinas": User.Role.DINAS}[person]
    partner = make_user(role=role)
    do_add_member(community=community, user=partner, role=Membership.Role.MITRA)
    return partner


@pytest.mark.parametrize(("place", "person", "action", "allowed"), _cases())
def test_permission_matrix(place, person, action, allowed, people, places, fasilitator):
    community = places[place]
    user = people.get(person) or _someone(person, community, fasilitator)
    if place.startswith("deleted"):
        do_delete_community(community=community, by=fasilitator, reason="Uji")
    community.forget_membership_cache()
    assert can(user, f"community.{action}", community) is allowed
    if action == "view":
        listed = Community.objects.visible_to(user).filter(pk=community.pk).exists()
        assert listed is (allowed and not community.deleted_at)


# --- what is inside a community: commitments, invitations, reports, Lembar entries

# Endang's commitment (the mitra), in each place: who may change it.
# fmt: off
COMMITMENTS = {
    #                 public private deleted-community deleted-commitment
    "fasilitator":    "Y      Y       .                 .",
    "anggota":        ".      .       .                 .",
    "mitra":          "Y      Y       .                 .",
    "mitra_pengawas": ".      .       .                 .",
    "mitra_dinas":    ".      .       .                 .",
    "outsider":       ".      .       .                 .",
    "removed":        ".      .       .                 .",
    "operator":       ".      .       .                 .",
    "anonymous":      ".      .       .                 .",
}
# fmt: on
COMMITMENT_PLACES = ["public", "private", "deleted-community", "deleted-commitment"]


@pytest.mark.parametrize(
    ("person", "where", "allowed"),
    [
        pytest.param(person, where, cell == "Y", id=f"{person}-{where}")
        for person, row in COMMITMENTS.items()
        for where, cell in zip(COMMITMENT_PLACES, row.split(), strict=True)
    ],
)
def test_commitment_matrix(person, where, allowed, people, places, fasilitator, partner):
    community = places["private" if where == "private" else "public"]
    user = people.get(person) or _someone(person, community, fasilitator)
    commitment = do_save_commitment(
        commitment=SupportCommitment(
            community=community, partner=partner, kind="room", description="Ruang rapat"
        ),
        by=partner,
    )
    if where == "deleted-community":
        do_delete_community(community=community, by=fasilitator, reason="Uji")
    if where == "deleted-commitment":
        do_delete_commitment(commitment=commitment, by=partner)
    community.forget_membership_cache()
    assert can(user, "commitment.edit", commitment) is allowed


# An e-mail invitation to Budi the outsider: only he hears of it, and only while it works.
# fmt: off
INVITATIONS = {
    #              usable revoked expired deleted-community
    "invitee":     "Y      .       .       .",
    "fasilitator": ".      .       .       .",
    "anggota":     ".      .       .       .",
    "operator":    ".      .       .       .",
    "anonymous":   ".      .       .       .",
}
# fmt: on


@pytest.mark.parametrize("visibility", ["public", "private"])
@pytest.mark.parametrize(
    ("person", "state", "allowed"),
    [
        pytest.param(person, state, cell == "Y", id=f"{person}-{state}")
        for person, row in INVITATIONS.items()
        for state, cell in zip(
            ["usable", "revoked", "expired", "deleted-community"], row.split(), strict=True
        )
    ],
)
def test_invitation_matrix(
    visibility, person, state, allowed, people, places, fasilitator, outsider
):
    community = places[visibility]
    invitation = do_invite_by_email(
        community=community, email=outsider.email, role="anggota", by=fasilitator
    )
    if state == "revoked":
        do_revoke_invitation(invitation=invitation, by=fasilitator)
    if state == "deleted-community":
        do_delete_community(community=community, by=fasilitator, reason="Uji")
    user = outsider if person == "invitee" else people[person]
    with time_machine.travel(timezone.now() + timedelta(days=30 if state == "expired" else 0)):
        assert can(user, "invitation.receive", invitation) is allowed


@pytest.mark.parametrize("visibility", ["public", "private"])
def test_a_removed_member_hears_of_the_removal_and_nobody_else(
    visibility, people, places, fasilitator, member
):
    community = places[visibility]
    membership = community.membership_of(member)
    do_remove_member(membership=membership, by=fasilitator, reason="Spam")
    for person, user in people.items():
        assert can(user, "membership.hear_of_removal", membership) is (person == "anggota")


@pytest.mark.parametrize("visibility", ["public", "private", "deleted"])
def test_only_operators_handle_reports(visibility, people, places, fasilitator, member):
    community = places["private" if visibility == "private" else "public"]
    do_report_community(community=community, by=member, reason="spam")
    if visibility == "deleted":
        do_delete_community(community=community, by=fasilitator, reason="Uji")
    for person, user in people.items():
        assert can(user, "community.moderate") is (person == "operator")


def test_a_lembar_entry_is_its_owners_alone(people, member, public_community):
    entry = do_save_map_entry(
        entry=MapEntry(name="KKG Gugus Melati", community=public_community, shared=True), by=member
    )
    for person, user in people.items():
        assert can(user, "community_map.edit", entry) is (person == "anggota")


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
