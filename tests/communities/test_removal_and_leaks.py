"""A removal wins over every earlier way back in (issue 14.4), and nothing tells an outsider that
a private community exists (issue 14.11)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from komunitas.communities.actions import (
    do_accept_invitation,
    do_approve_join_request,
    do_ask_to_join,
    do_create_invitation_link,
    do_invite_by_email,
    do_remove_member,
    do_revoke_invitation,
)
from komunitas.communities.models import Community, JoinRequest, Membership, MembershipError
from tests.communities.test_views import VALID

pytestmark = pytest.mark.django_db


def _remove(community, member, by):
    do_remove_member(membership=community.membership_of(member), by=by, reason="Mengirim iklan")
    community.forget_membership_cache()


def test_a_removed_member_cannot_rejoin_by_a_link_made_before(
    login, fasilitator, member, private_community
):
    link = do_create_invitation_link(
        community=private_community, by=fasilitator, days=7, max_uses=None
    )
    _remove(private_community, member, fasilitator)

    client = login(member)
    page = client.get(link.get_absolute_url())
    joined = client.post(link.get_absolute_url())

    assert joined.status_code == 400
    assert "removed" in page.content.decode() or "dikeluarkan" in page.content.decode()
    assert private_community.role_of(member) is None
    assert private_community.membership_of(member) is None


def test_nor_by_a_link_made_after(login, fasilitator, member, private_community):
    _remove(private_community, member, fasilitator)
    link = do_create_invitation_link(
        community=private_community, by=fasilitator, days=7, max_uses=None
    )
    with pytest.raises(MembershipError):
        do_accept_invitation(invitation=link, user=member)


def test_nor_by_an_email_invitation_made_before(fasilitator, member, private_community):
    invitation = do_invite_by_email(
        community=private_community,
        email=member.email,
        role=Membership.Role.ANGGOTA,
        by=fasilitator,
    )
    _remove(private_community, member, fasilitator)
    with pytest.raises(MembershipError):
        do_accept_invitation(invitation=invitation, user=member)


def test_a_new_email_invitation_after_the_removal_lets_them_back(
    fasilitator, member, private_community
):
    _remove(private_community, member, fasilitator)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        invitation = do_invite_by_email(
            community=private_community,
            email=member.email,
            role=Membership.Role.ANGGOTA,
            by=fasilitator,
        )
        do_accept_invitation(invitation=invitation, user=member)
    private_community.forget_membership_cache()
    assert private_community.role_of(member) == Membership.Role.ANGGOTA


def test_a_waiting_join_request_ends_with_the_removal(fasilitator, member, public_community):
    request = JoinRequest.objects.create(community=public_community, user=member)
    _remove(public_community, member, fasilitator)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WITHDRAWN
    with pytest.raises(MembershipError):
        do_approve_join_request(join_request=request, by=fasilitator)
    assert public_community.role_of(member) is None


def test_a_removed_member_cannot_ask_to_join_again(fasilitator, member, public_community):
    _remove(public_community, member, fasilitator)
    with pytest.raises(MembershipError):
        do_ask_to_join(community=public_community, user=member)


def test_the_fasilitator_is_told_that_removal_wins_over_links(login, fasilitator, public_community):
    fasilitator.language = "en"
    fasilitator.save(update_fields=["language"])
    page = login(fasilitator).get(f"/k/{public_community.slug}/undangan/").content.decode()
    assert "cannot come back through any shared link" in page


# --- Leaks of a private community (14.11)


@pytest.mark.parametrize("how", ["revoked", "used up"])
def test_a_dead_link_shows_nothing_of_a_private_community(
    login, outsider, fasilitator, private_community, how
):
    link = do_create_invitation_link(
        community=private_community, by=fasilitator, days=7, max_uses=1
    )
    link.message = "Pesan rahasia"
    link.save()
    if how == "revoked":
        do_revoke_invitation(invitation=link, by=fasilitator)
    else:
        link.use_count = 1
        link.save()

    response = login(outsider).get(link.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 404
    for secret in (
        private_community.name,
        private_community.domain,
        fasilitator.full_name,
        "Pesan rahasia",
    ):
        assert secret not in page


def test_a_dead_link_of_a_public_community_still_says_whose_it_is(
    login, outsider, fasilitator, public_community
):
    link = do_create_invitation_link(community=public_community, by=fasilitator, days=7, max_uses=1)
    do_revoke_invitation(invitation=link, by=fasilitator)
    page = login(outsider).get(link.get_absolute_url())
    assert page.status_code == 200 and public_community.name in page.content.decode()


def test_creating_a_community_with_a_private_ones_address_does_not_say_it_is_taken(
    login, outsider, private_community
):
    response = login(outsider).post("/k/baru/", {**VALID, "slug": private_community.slug})

    assert response.status_code == 302
    made = Community.objects.get(name=VALID["name"])
    assert made.slug.startswith(private_community.slug + "-")
    assert made.slug != private_community.slug


def test_a_members_own_private_community_address_is_still_refused_plainly(
    login, member, private_community
):
    response = login(member).post("/k/baru/", {**VALID, "slug": private_community.slug})
    assert response.status_code == 400


def test_a_new_private_community_gets_an_address_nobody_guesses(login, outsider):
    response = login(outsider).post("/k/baru/", {**VALID, "visibility": "private"})
    assert response.status_code == 302
    made = Community.objects.get(name=VALID["name"])
    assert made.slug.startswith("kkg-mawar-") and len(made.slug) == len("kkg-mawar-") + 6
