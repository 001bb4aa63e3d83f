"""Each action writes exactly its log entries and announces exactly what it should, in one
transaction: when a later step fails, nothing of the earlier ones stays."""

import pytest

from komunitas.accounts.models import Regency
from komunitas.communities import actions
from komunitas.communities.models import (
    Community,
    JoinRequest,
    LogEntry,
    MapEntry,
    Membership,
    MembershipError,
    Report,
    Stakeholder,
    SupportCommitment,
)
from komunitas.notifications.models import Event
from tests.factories import make_community, make_user

pytestmark = pytest.mark.django_db


class Effects:
    """The log entries and events written since it was made, oldest first."""

    def __init__(self):
        self.log_before = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        self.event_before = Event.objects.order_by("-pk").values_list("pk", flat=True).first()

    def log(self) -> list[str]:
        entries = LogEntry.objects.filter(pk__gt=self.log_before or 0).order_by("pk")
        return list(entries.values_list("kind", flat=True))

    def events(self) -> list[tuple[str, dict]]:
        events = Event.objects.filter(pk__gt=self.event_before or 0).order_by("pk")
        return [(event.kind, event.data) for event in events]


def test_starting_a_community_logs_it_and_its_first_fasilitator(fasilitator, member):
    effects = Effects()
    entry = actions.do_save_map_entry(entry=MapEntry(name="KKG Melati"), by=fasilitator)
    community = actions.do_start_community(
        community=Community(name="Baru", slug="baru", domain="Numerasi"),
        by=fasilitator,
        from_entry=entry,
    )
    assert effects.log() == ["member_joined", "community_started"]
    assert effects.events() == []
    assert community.role_of(fasilitator) == Membership.Role.FASILITATOR
    entry.refresh_from_db()
    assert entry.community == community


def test_a_failing_last_step_leaves_no_community_no_member_no_log(fasilitator):
    effects = Effects()
    never_saved = MapEntry(owner=fasilitator, name="Tidak tersimpan")
    with pytest.raises(ValueError):
        actions.do_start_community(
            community=Community(name="Gagal", slug="gagal", domain="Literasi"),
            by=fasilitator,
            from_entry=never_saved,  # saving it fails, after everything else
        )
    assert not Community.objects.filter(slug="gagal").exists()
    assert not Membership.objects.filter(community__slug="gagal").exists()
    assert effects.log() == []


def test_a_failing_link_to_communities_leaves_no_stakeholder(fasilitator, public_community):
    regency = Regency.objects.first()
    with pytest.raises(ValueError):
        actions.do_save_stakeholder(
            stakeholder=Stakeholder(name="Dinas", kind="dinas"),
            regency=regency,
            by=fasilitator,
            communities=[public_community, Community(name="Belum ada")],
        )
    assert not Stakeholder.objects.exists()


def test_joining_and_leaving_are_logged_not_announced(fasilitator, outsider):
    community = make_community(fasilitator, join_policy=Community.JoinPolicy.OPEN)
    effects = Effects()
    membership = actions.do_join(community=community, user=outsider)
    actions.do_leave(membership=membership)
    assert effects.log() == ["member_joined", "member_left"]
    assert effects.events() == []


def test_a_removal_is_logged_and_announced_to_the_member(fasilitator, member, public_community):
    effects = Effects()
    membership = public_community.membership_of(member)
    actions.do_remove_member(membership=membership, by=fasilitator, reason="Iklan")
    assert effects.log() == ["member_removed"]
    assert effects.events() == [
        ("communities.member_removed", {"user": member.pk, "reason": "Iklan"})
    ]


def test_a_removal_without_reason_changes_nothing(fasilitator, member, public_community):
    effects = Effects()
    with pytest.raises(MembershipError):
        actions.do_remove_member(
            membership=public_community.membership_of(member), by=fasilitator, reason=" "
        )
    assert public_community.membership_of(member).is_active
    assert effects.log() == effects.events() == []


def test_a_new_role_is_logged_and_announced(fasilitator, member, public_community):
    effects = Effects()
    membership = public_community.membership_of(member)
    actions.do_change_role(membership=membership, role="fasilitator", by=fasilitator)
    actions.do_change_role(membership=membership, role="fasilitator", by=fasilitator)  # no-op
    assert effects.log() == ["role_changed"]
    assert effects.events() == [
        ("communities.role_changed", {"user": member.pk, "role": "fasilitator"})
    ]


def test_a_join_request_and_its_answers(fasilitator, outsider, public_community):
    effects = Effects()
    request = actions.do_ask_to_join(community=public_community, user=outsider, message="Hai")
    actions.do_decline_join_request(join_request=request, by=fasilitator, reason="Penuh")
    again = actions.do_ask_to_join(community=public_community, user=outsider)
    actions.do_approve_join_request(join_request=again, by=fasilitator)
    assert effects.log() == [
        "join_requested",
        "join_declined",
        "join_requested",
        "join_approved",
        "member_joined",
    ]
    assert effects.events() == [
        ("communities.join_request", {}),
        ("communities.join_declined", {"user": outsider.pk, "reason": "Penuh"}),
        ("communities.join_request", {}),
        ("communities.join_approved", {"user": outsider.pk, "reason": ""}),
    ]
    assert JoinRequest.objects.get(pk=again.pk).status == JoinRequest.Status.APPROVED


def test_invitations(fasilitator, outsider, private_community, mailoutbox, mailed):
    effects = Effects()
    with mailed():
        to_outsider = actions.do_invite_by_email(
            community=private_community, email=outsider.email, role="anggota", by=fasilitator
        )
        actions.do_invite_by_email(
            community=private_community, email="baru@contoh.test", role="mitra", by=fasilitator
        )
    link = actions.do_create_invitation_link(
        community=private_community, by=fasilitator, days=7, max_uses=1
    )
    actions.do_revoke_invitation(invitation=to_outsider, by=fasilitator)
    actions.do_revoke_invitation(invitation=to_outsider, by=fasilitator)  # once is enough
    newcomer = make_user()
    actions.do_accept_invitation(invitation=link, user=newcomer)
    assert effects.log() == [
        "invited",
        "invited",
        "invitation_link_created",
        "invitation_revoked",
        "member_joined",
    ]
    # Only the invitee who has an account hears of it on the platform; both get the mail.
    assert effects.events() == [("communities.invitation", {"user": outsider.pk})]
    assert sorted(mail.to[0] for mail in mailoutbox) == ["baru@contoh.test", outsider.email]
    assert private_community.role_of(newcomer) == Membership.Role.ANGGOTA


def test_commitments_are_logged_and_announced_with_their_partner(
    fasilitator, partner, public_community
):
    effects = Effects()
    commitment = actions.do_save_commitment(
        commitment=SupportCommitment(
            community=public_community, partner=partner, kind="room", description="Ruang"
        ),
        by=partner,
    )
    commitment.status = SupportCommitment.Status.AGREED
    actions.do_save_commitment(commitment=commitment, by=fasilitator)
    actions.do_delete_commitment(commitment=commitment, by=fasilitator)
    assert effects.log() == ["commitment_changed"] * 3
    changes = LogEntry.objects.filter(kind="commitment_changed").order_by("pk")
    assert [entry.data["change"] for entry in changes] == ["created", "updated", "deleted"]
    assert effects.events() == [("communities.commitment_changed", {"partner": partner.pk})] * 3


def test_stakeholder_links(fasilitator, partner, member, public_community):
    regency = Regency.objects.first()
    effects = Effects()
    stakeholder = actions.do_save_stakeholder(
        stakeholder=Stakeholder(name="Kepala SD", kind="kepala_sekolah"),
        regency=regency,
        by=fasilitator,
        communities=[public_community],
    )
    actions.do_link_stakeholder(stakeholder=stakeholder, account=member, by=fasilitator)
    actions.do_link_stakeholder(stakeholder=stakeholder, account=partner, by=fasilitator)
    actions.do_decline_stakeholder(stakeholder=stakeholder, by=partner)
    actions.do_link_stakeholder(stakeholder=stakeholder, account=member, by=fasilitator)
    actions.do_unlink_stakeholder(stakeholder=stakeholder, by=fasilitator)
    actions.do_delete_stakeholder(stakeholder=stakeholder, by=fasilitator)
    assert effects.log() == [
        "stakeholder_linked",
        "stakeholder_unlinked",
        "stakeholder_linked",
        "stakeholder_declined",
        "stakeholder_linked",
        "stakeholder_unlinked",
    ]
    assert effects.events() == [
        ("communities.stakeholder_named", {"user": member.pk}),
        ("communities.stakeholder_named", {"user": partner.pk}),
        ("communities.stakeholder_named", {"user": member.pk}),
    ]
    assert Event.objects.filter(title=str(regency)).count() == 3  # never a community's name
    stakeholder.refresh_from_db()
    assert stakeholder.declined_by == partner
    assert stakeholder.deleted_at is not None


def test_moderation_is_logged_never_announced(fasilitator, member, operator, public_community):
    effects = Effects()
    report = actions.do_report_community(
        community=public_community, by=member, reason="spam", details="Iklan"
    )
    actions.do_dismiss_report(report=report, by=operator, note="Bukan iklan")
    again = actions.do_report_community(community=public_community, by=member, reason="other")
    actions.do_delete_community(community=public_community, by=operator, reason="Spam")
    actions.do_delete_community(community=public_community, by=operator, reason="Lagi")  # no-op
    actions.do_restore_community(community=public_community, by=operator, reason="Keliru")
    assert effects.log() == [
        "community_reported",
        "report_dismissed",
        "community_reported",
        "community_deleted",
        "community_restored",
    ]
    assert effects.events() == []
    assert Report.objects.get(pk=again.pk).status == Report.Status.ACTED


def test_an_operator_opening_a_private_community_is_logged(login, operator, private_community):
    effects = Effects()
    assert login(operator).get(private_community.get_absolute_url()).status_code == 200
    assert effects.log() == ["operator_access"]
    assert effects.events() == []


def test_the_lembar_is_neither_logged_nor_announced(member):
    effects = Effects()
    entry = actions.do_save_map_entry(entry=MapEntry(name="MGMP IPA"), by=member)
    actions.do_delete_map_entry(entry=entry)
    assert entry.owner == member and entry.deleted_at is not None
    assert effects.log() == effects.events() == []
