"""What the communities app announces reaches the right people, and only them."""

import pytest

from komunitas.communities.actions import (
    do_approve_join_request,
    do_ask_to_join,
    do_invite_by_email,
    do_revoke_invitation,
)
from komunitas.communities.models import JoinRequest, Membership, SupportCommitment
from komunitas.notifications.models import Event, Notification
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _heard(kind):
    return sorted(
        Notification.objects.filter(event__kind=kind).values_list("recipient__email", flat=True)
    )


def test_a_join_request_reaches_every_fasilitator_at_once(
    login, outsider, fasilitator, public_community, commit, run_worker, mailoutbox
):
    second = make_user("dewi@contoh.test")
    public_community.memberships.create(user=second, role=Membership.Role.FASILITATOR)
    with commit():
        response = login(outsider).post(f"/k/{public_community.slug}/gabung/", {"message": "Hai"})
    assert response.status_code == 302
    run_worker()

    assert _heard("communities.join_request") == [second.email, fasilitator.email]
    assert sorted(m.to[0] for m in mailoutbox) == [second.email, fasilitator.email]
    centre = login(fasilitator).get("/notifikasi/").content.decode()  # in Indonesian, hers
    assert "Budi Santoso minta bergabung dengan Komunitas Berdiferensiasi" in centre


def test_the_answer_reaches_the_teacher_who_asked(
    login, outsider, fasilitator, public_community, commit, run_worker
):
    request = do_ask_to_join(community=public_community, user=outsider)
    with commit():
        login(fasilitator).post(
            f"/k/{public_community.slug}/permintaan/{request.pk}/tolak/",
            {"reason": "Khusus guru Gugus Melati"},
        )
    run_worker()
    assert _heard("communities.join_declined") == [outsider.email]
    assert "Khusus guru Gugus Melati" in login(outsider).get("/notifikasi/").content.decode()

    again = do_ask_to_join(community=public_community, user=outsider)
    with commit():
        do_approve_join_request(join_request=again, by=fasilitator)
    run_worker()
    assert _heard("communities.join_approved") == [outsider.email]


def test_an_invitation_is_announced_only_to_a_member_with_an_account(
    fasilitator, private_community, outsider, commit, run_worker
):
    with commit():
        do_invite_by_email(
            community=private_community,
            email=outsider.email.upper(),
            role="anggota",
            by=fasilitator,
        )
        do_invite_by_email(
            community=private_community, email="baru@contoh.test", role="anggota", by=fasilitator
        )
    run_worker()
    notification = Notification.objects.get(event__kind="communities.invitation")
    assert notification.recipient == outsider
    assert notification.event.url.startswith(f"/k/{private_community.slug}/u/")


def test_a_revoked_invitation_is_not_announced(fasilitator, private_community, outsider, commit):
    from komunitas.notifications.services import fan_out

    with commit():
        invitation = do_invite_by_email(
            community=private_community, email=outsider.email, role="anggota", by=fasilitator
        )
    do_revoke_invitation(invitation=invitation, by=fasilitator)
    event = Event.objects.get(kind="communities.invitation")
    fan_out.call(event.pk)
    assert not Notification.objects.exists()


def test_a_changed_commitment_reaches_the_fasilitators_and_the_partner(
    login, partner, fasilitator, member, public_community, commit, run_worker
):
    with commit():
        login(partner).post(
            f"/k/{public_community.slug}/dukungan/baru/",
            {"partner": partner.pk, "kind": "room", "description": "Ruang", "status": "proposed"},
        )
    commitment = SupportCommitment.objects.get()
    with commit():
        login(fasilitator).post(
            f"/k/{public_community.slug}/dukungan/{commitment.pk}/",
            {"partner": partner.pk, "kind": "room", "description": "Ruang", "status": "agreed"},
        )
    run_worker()
    assert _heard("communities.commitment_changed") == sorted([fasilitator.email, partner.email])
    assert Notification.objects.get(recipient=fasilitator).delivery == "daily"


def test_a_changed_role_reaches_that_member(
    login, fasilitator, member, public_community, commit, run_worker
):
    mine = Membership.objects.get(user=member, community=public_community)
    with commit():
        login(fasilitator).post(
            f"/k/{public_community.slug}/anggota/{mine.pk}/peran/", {"role": "fasilitator"}
        )
    run_worker()
    assert _heard("communities.role_changed") == [member.email]
    member.language = "en"
    member.save(update_fields=["language"])
    page = login(member).get("/notifikasi/").content.decode()
    assert "Ratna Kusuma made you Fasilitator in Komunitas Berdiferensiasi" in page


@pytest.mark.parametrize("community", ["public_community", "private_community"])
def test_a_removed_member_hears_why_even_from_a_private_community(
    request, login, fasilitator, member, partner, community, commit, run_worker, mailoutbox
):
    community = request.getfixturevalue(community)
    mine = Membership.objects.get(user=member, community=community)
    with commit():
        login(fasilitator).post(
            f"/k/{community.slug}/anggota/{mine.pk}/keluarkan/", {"reason": "Tidak aktif"}
        )
    run_worker()
    assert _heard("communities.member_removed") == [member.email]
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Tidak aktif" in mailoutbox[0].body
    opened = login(member).get(f"/notifikasi/{Notification.objects.get().pk}/")
    assert opened.status_code == 302


def test_a_fasilitator_who_left_hears_nothing_more(
    login, outsider, fasilitator, public_community, commit, run_worker
):
    """The permission layer decides at fan-out: who may no longer manage hears nothing."""
    second = make_user("dewi@contoh.test")
    public_community.memberships.create(user=second, role=Membership.Role.FASILITATOR)
    with commit():
        login(outsider).post(f"/k/{public_community.slug}/gabung/", {"message": "Hai"})
    Membership.objects.filter(user=second).update(status=Membership.Status.LEFT)
    run_worker()
    assert _heard("communities.join_request") == [fasilitator.email]
    assert JoinRequest.objects.count() == 1
