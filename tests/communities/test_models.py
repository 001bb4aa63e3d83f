import datetime

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone, translation

from komunitas.communities.actions import (
    do_accept_invitation,
    do_add_member,
    do_approve_join_request,
    do_ask_to_join,
    do_change_role,
    do_create_invitation_link,
    do_decline_join_request,
    do_invite_by_email,
    do_join,
    do_leave,
    do_remove_member,
    do_revoke_invitation,
)
from komunitas.communities.models import (
    Community,
    Invitation,
    JoinRequest,
    LastFacilitatorError,
    LogEntry,
    Membership,
    MembershipError,
)
from tests.factories import make_community, make_user

pytestmark = pytest.mark.django_db


# --- the last fasilitator


def test_the_creator_becomes_the_first_fasilitator(fasilitator):
    community = make_community(fasilitator)
    assert community.role_of(fasilitator) == Membership.Role.FASILITATOR
    assert community.log_entries.filter(kind=LogEntry.Kind.COMMUNITY_STARTED).exists()


def test_the_only_fasilitator_cannot_leave(public_community, fasilitator):
    membership = public_community.membership_of(fasilitator)
    with pytest.raises(LastFacilitatorError):
        do_leave(membership=membership)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


def test_the_only_fasilitator_cannot_step_down_or_be_removed(public_community, fasilitator):
    membership = public_community.membership_of(fasilitator)
    with pytest.raises(LastFacilitatorError):
        do_change_role(membership=membership, role=Membership.Role.ANGGOTA, by=fasilitator)
    with pytest.raises(LastFacilitatorError):
        do_remove_member(membership=membership, by=fasilitator, reason="Pindah tugas")
    membership.refresh_from_db()
    assert membership.is_fasilitator


def test_a_fasilitator_may_leave_once_there_is_another(public_community, fasilitator, member):
    do_change_role(
        membership=public_community.membership_of(member),
        role=Membership.Role.FASILITATOR,
        by=fasilitator,
    )
    do_leave(membership=public_community.membership_of(fasilitator))
    public_community.forget_membership_cache()
    assert public_community.role_of(fasilitator) is None
    assert public_community.active_memberships().filter(role="fasilitator").count() == 1


def test_removal_is_soft_logged_and_needs_a_reason(public_community, fasilitator, member):
    membership = public_community.membership_of(member)
    with pytest.raises(MembershipError):
        do_remove_member(membership=membership, by=fasilitator, reason="   ")
    do_remove_member(
        membership=membership, by=fasilitator, reason="Tidak pernah hadir dan mengirim iklan"
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REMOVED
    assert membership.removed_by == fasilitator
    event = public_community.log_entries.get(kind=LogEntry.Kind.MEMBER_REMOVED)
    assert event.reason == "Tidak pernah hadir dan mengirim iklan"
    assert event.subject_user == member


def test_the_database_refuses_a_removal_without_reason(public_community, member):
    with pytest.raises(IntegrityError):
        Membership.objects.filter(community=public_community, user=member).update(
            status=Membership.Status.REMOVED
        )


def test_a_removed_member_cannot_rejoin_an_open_community_alone(fasilitator, member):
    community = make_community(fasilitator, join_policy=Community.JoinPolicy.OPEN)
    do_remove_member(
        membership=do_add_member(community=community, user=member), by=fasilitator, reason="Spam"
    )
    with pytest.raises(MembershipError):
        do_join(community=community, user=member)


# --- join requests


def test_asking_to_join_records_a_request_and_an_event(public_community, outsider):
    request = do_ask_to_join(community=public_community, user=outsider, message="Saya guru kelas 2")
    assert request.status == JoinRequest.Status.PENDING
    assert public_community.log_entries.filter(
        kind=LogEntry.Kind.JOIN_REQUESTED, subject_user=outsider
    ).exists()
    with pytest.raises(MembershipError):
        do_ask_to_join(community=public_community, user=outsider)


def test_approving_a_request_makes_a_member(public_community, fasilitator, outsider):
    request = do_ask_to_join(community=public_community, user=outsider)
    do_approve_join_request(join_request=request, by=fasilitator)
    assert public_community.role_of(outsider) == Membership.Role.ANGGOTA
    with pytest.raises(MembershipError):
        do_approve_join_request(join_request=request, by=fasilitator)


def test_declining_needs_a_reason_the_teacher_sees(public_community, fasilitator, outsider):
    request = do_ask_to_join(community=public_community, user=outsider)
    with pytest.raises(MembershipError):
        do_decline_join_request(join_request=request, by=fasilitator, reason="")
    do_decline_join_request(
        join_request=request, by=fasilitator, reason="Khusus guru SD Gugus Melati"
    )
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED
    assert request.decline_reason == "Khusus guru SD Gugus Melati"
    assert public_community.role_of(outsider) is None


def test_an_invitation_only_community_takes_no_requests(private_community, outsider):
    with pytest.raises(MembershipError):
        do_ask_to_join(community=private_community, user=outsider)


# --- invitations


def test_a_link_invitation_counts_its_uses_and_stops_at_the_limit(public_community, fasilitator):
    link = do_create_invitation_link(community=public_community, by=fasilitator, days=7, max_uses=2)
    first, second, third = make_user(), make_user(), make_user()
    do_accept_invitation(invitation=link, user=first)
    do_accept_invitation(invitation=link, user=second)
    with pytest.raises(MembershipError):
        do_accept_invitation(invitation=link, user=third)
    link.refresh_from_db()
    assert link.use_count == 2
    assert public_community.role_of(third) is None


def test_an_expired_invitation_does_not_work(public_community, fasilitator, outsider):
    link = do_create_invitation_link(
        community=public_community, by=fasilitator, days=3, max_uses=None
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        with translation.override("en"):
            assert "expired" in link.problem()
        with pytest.raises(MembershipError):
            do_accept_invitation(invitation=link, user=outsider)


def test_a_revoked_invitation_does_not_work(public_community, fasilitator, outsider):
    link = do_create_invitation_link(
        community=public_community, by=fasilitator, days=3, max_uses=None
    )
    do_revoke_invitation(invitation=link, by=fasilitator)
    assert not Invitation.objects.usable().filter(pk=link.pk).exists()
    with pytest.raises(MembershipError):
        do_accept_invitation(invitation=link, user=outsider)


def test_an_email_invitation_is_for_its_address_only(
    public_community, fasilitator, outsider, mailoutbox, mailed
):
    with mailed():
        invitation = do_invite_by_email(
            community=public_community,
            email="Baru@Contoh.test",
            role=Membership.Role.ANGGOTA,
            by=fasilitator,
        )
    assert invitation.email == "baru@contoh.test"
    assert len(mailoutbox) == 1
    assert invitation.full_url in mailoutbox[0].body
    with pytest.raises(MembershipError):
        do_accept_invitation(invitation=invitation, user=outsider)
    newcomer = make_user("baru@contoh.test")
    do_accept_invitation(invitation=invitation, user=newcomer)
    assert public_community.role_of(newcomer) == Membership.Role.ANGGOTA


def test_an_invitation_as_mitra_gives_the_mitra_role(public_community, fasilitator):
    link = do_create_invitation_link(
        community=public_community, by=fasilitator, days=3, max_uses=1, role=Membership.Role.MITRA
    )
    pengawas = make_user(role="pengawas")
    assert do_accept_invitation(invitation=link, user=pengawas).role == Membership.Role.MITRA


def test_the_whatsapp_link_carries_the_invitation_url(public_community, fasilitator):
    link = do_create_invitation_link(
        community=public_community, by=fasilitator, days=3, max_uses=None
    )
    url = link.whatsapp_url()
    assert url.startswith("https://wa.me/?text=")
    assert link.token in url


# --- rhythm


def _rhythm(**fields):
    return Community(name="x", slug="x", domain="x", **fields)


def test_every_second_and_fourth_thursday_at_two():
    community = _rhythm(
        rhythm_frequency="monthly",
        rhythm_weeks="2,4",
        rhythm_weekday=3,
        rhythm_time=datetime.time(14, 0),
        rhythm_zone="Asia/Jakarta",
    )
    with translation.override("en"):
        assert community.rhythm_display() == (
            "Every second and fourth Thursday of the month, 14.00 WIB"
        )
    dates = community.rhythm_dates(datetime.date(2026, 1, 1), 4)
    assert dates == [
        datetime.date(2026, 1, 8),
        datetime.date(2026, 1, 22),
        datetime.date(2026, 2, 12),
        datetime.date(2026, 2, 26),
    ]


def test_every_three_weeks_counts_from_the_start_date():
    community = _rhythm(
        rhythm_frequency="every_n_weeks",
        rhythm_interval=3,
        rhythm_weekday=1,
        rhythm_start=datetime.date(2026, 1, 6),
    )
    assert community.rhythm_dates(datetime.date(2026, 1, 7), 2) == [
        datetime.date(2026, 1, 27),
        datetime.date(2026, 2, 17),
    ]


def test_the_last_friday_of_the_month():
    community = _rhythm(rhythm_frequency="monthly", rhythm_weeks="5", rhythm_weekday=4)
    assert community.rhythm_dates(datetime.date(2026, 1, 1), 2) == [
        datetime.date(2026, 1, 30),
        datetime.date(2026, 2, 27),
    ]


def test_no_rhythm_gives_no_dates():
    assert _rhythm().rhythm_dates(datetime.date(2026, 1, 1)) == []
    assert _rhythm().rhythm_display() == ""


def test_facilitators_are_the_active_fasilitators(public_community, fasilitator, member):
    assert list(public_community.facilitators()) == [fasilitator]
