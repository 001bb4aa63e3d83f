"""The cycle of a request for support: asked, answered once, committed, reminded, closed."""

import datetime

import pytest
from django.utils import timezone

from komunitas.accounts.models import Regency
from komunitas.communities.models import SupportCommitment
from komunitas.notifications.models import Notification
from komunitas.partnerships.actions import (
    do_accept_counter,
    do_answer_request,
    do_approve_request,
    do_close_request,
    do_create_request,
    do_send_reminders,
    do_withdraw_request,
)
from komunitas.partnerships.models import RequestError, RequestStep, SupportRequest
from tests.partnerships.conftest import in_days

Status = SupportRequest.Status


def test_fasilitator_request_reaches_the_partner_in_app_and_by_mail(
    public_community, fasilitator, partner, mailed, mailoutbox
):
    with mailed():
        request = do_create_request(
            community=public_community,
            partner=partner,
            kind=SupportRequest.Kind.ROOM,
            needed_by=in_days(10),
            reason="Ruang kelas untuk lokakarya.",
            by=fasilitator,
        )
    assert request.status == Status.SENT and request.sent_at
    assert Notification.objects.filter(
        recipient=partner, event__kind="partnerships.request_received"
    )
    assert [m.to for m in mailoutbox] == [[partner.email]]
    assert list(request.steps.values_list("kind", flat=True)) == [RequestStep.Kind.SENT]


def test_accepted_request_becomes_a_commitment_and_is_closed_done(sent, partner, fasilitator):
    do_answer_request(request=sent, by=partner, answer="accept", text="Saya hadir.", on=in_days(12))
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED
    commitment = sent.commitment
    assert commitment.partner == partner and commitment.due_date == in_days(12)
    assert commitment.kind == SupportCommitment.Kind.SPEAKER
    assert commitment.status == SupportCommitment.Status.AGREED
    do_close_request(request=sent, by=fasilitator, done=True, note="Sangat membantu.")
    sent.refresh_from_db()
    commitment.refresh_from_db()
    assert sent.status == Status.DONE and sent.outcome_note == "Sangat membantu."
    assert commitment.status == SupportCommitment.Status.DELIVERED
    kinds = list(sent.steps.values_list("kind", flat=True))
    assert kinds == ["sent", "accepted", "done"]


def test_not_done_takes_the_commitment_off_the_list(sent, partner, fasilitator):
    do_answer_request(request=sent, by=partner, answer="accept", text="Bisa.")
    do_close_request(request=sent, by=fasilitator, done=False, note="Berhalangan.")
    sent.refresh_from_db()
    assert sent.status == Status.NOT_DONE
    assert sent.commitment.deleted_at is not None


def test_member_proposes_and_a_fasilitator_sends(
    public_community, member, partner, fasilitator, mailed
):
    with mailed():
        request = do_create_request(
            community=public_community,
            partner=partner,
            kind=SupportRequest.Kind.LETTER,
            needed_by=in_days(5),
            reason="Surat tugas untuk ikut lokakarya.",
            by=member,
        )
    proposed = Notification.objects.get(event__kind="partnerships.request_proposed")
    assert proposed.recipient == fasilitator
    assert request.status == Status.PROPOSED and request.sent_at is None
    assert request.steps.filter(kind="proposed", actor=member).exists()
    do_approve_request(request=request, by=fasilitator)
    request.refresh_from_db()
    assert request.status == Status.SENT and request.sent_at


def test_counter_proposal_accepted_by_the_fasilitator(sent, partner, fasilitator):
    do_answer_request(
        request=sent,
        by=partner,
        answer="counter",
        text="Wakil kepala sekolah saja.",
        on=in_days(20),
    )
    sent.refresh_from_db()
    assert sent.status == Status.COUNTERED and sent.commitment is None
    do_accept_counter(request=sent, by=fasilitator)
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED
    assert sent.commitment.description == "Wakil kepala sekolah saja."
    assert sent.commitment.due_date == in_days(20)


def test_decline_with_a_reason(sent, partner):
    do_answer_request(request=sent, by=partner, answer="decline", text="Anggaran sudah habis.")
    sent.refresh_from_db()
    assert sent.status == Status.DECLINED and sent.answer == "Anggaran sudah habis."
    assert sent.closed_at and sent.commitment is None


def test_answering_twice_is_refused(sent, partner):
    do_answer_request(request=sent, by=partner, answer="decline", text="Tidak bisa.")
    with pytest.raises(RequestError):
        do_answer_request(request=sent, by=partner, answer="accept", text="Eh, bisa.")


def test_answering_as_someone_else_is_refused(sent, member):
    with pytest.raises(RequestError):
        do_answer_request(request=sent, by=member, answer="accept", text="Saya terima.")
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_empty_answer_and_past_dates_are_refused(sent, partner):
    with pytest.raises(RequestError):
        do_answer_request(request=sent, by=partner, answer="accept", text="  ")
    with pytest.raises(RequestError):
        do_answer_request(request=sent, by=partner, answer="accept", text="Ya", on=in_days(-1))


def test_due_date_in_the_past_is_refused(public_community, partner, fasilitator):
    with pytest.raises(RequestError):
        do_create_request(
            community=public_community,
            partner=partner,
            kind=SupportRequest.Kind.ROOM,
            needed_by=in_days(-1),
            reason="Terlambat.",
            by=fasilitator,
        )


def test_partner_of_another_community_is_refused(public_community, other_partner, fasilitator):
    with pytest.raises(RequestError):
        do_create_request(
            community=public_community,
            partner=other_partner,
            kind=SupportRequest.Kind.ROOM,
            needed_by=in_days(3),
            reason="Salah komunitas.",
            by=fasilitator,
        )


def test_withdraw_before_an_answer(sent, fasilitator, partner):
    do_withdraw_request(request=sent, by=fasilitator, note="Sudah ada narasumber lain.")
    sent.refresh_from_db()
    assert sent.status == Status.WITHDRAWN
    with pytest.raises(RequestError):
        do_answer_request(request=sent, by=partner, answer="accept", text="Bisa.")


def test_reminders_before_due_and_when_overdue_each_once(sent, partner, fasilitator, mailed):
    do_answer_request(request=sent, by=partner, answer="accept", text="Saya hadir.", on=in_days(2))
    now = timezone.now()
    with mailed():
        assert do_send_reminders(now=now) == 1
        assert do_send_reminders(now=now) == 0  # once
    reminder = Notification.objects.get(event__kind="partnerships.request_reminder")
    assert reminder.recipient == partner
    SupportRequest.objects.filter(pk=sent.pk).update(proposed_date=in_days(-1))
    later = now + datetime.timedelta(days=3)
    with mailed():
        assert do_send_reminders(now=later) == 1
        assert do_send_reminders(now=later) == 0
    overdue = Notification.objects.filter(
        event__kind="partnerships.request_reminder", event__data__overdue=True
    )
    assert set(overdue.values_list("recipient", flat=True)) == {partner.pk, fasilitator.pk}
    sent.refresh_from_db()
    assert sent.is_overdue
    assert sent.steps.filter(kind__in=["reminded", "overdue"]).count() == 2


def test_a_partner_not_yet_on_the_platform_is_asked_by_email_and_answers_after_joining(
    public_community, fasilitator, mailed, mailoutbox, client
):
    from komunitas.accounts.models import User
    from komunitas.communities.actions import do_accept_invitation, do_save_stakeholder
    from komunitas.communities.models import Stakeholder
    from tests.factories import make_user

    entry = do_save_stakeholder(
        stakeholder=Stakeholder(name="Kasi Kurikulum", kind=Stakeholder.Kind.DINAS),
        regency=Regency.objects.get(code="34.04"),
        by=fasilitator,
        communities=[public_community],
    )
    with mailed():
        request = do_create_request(
            community=public_community,
            stakeholder=entry,
            email="kasi@dinas.test",
            kind=SupportRequest.Kind.TRAINING,
            needed_by=in_days(30),
            reason="Pelatihan asesmen untuk guru kelas awal.",
            by=fasilitator,
        )
    assert request.partner is None and request.invitation is not None
    [mail] = mailoutbox
    assert mail.to == ["kasi@dinas.test"]
    assert "Pelatihan asesmen" in mail.body and request.get_absolute_url() in mail.body
    newcomer = make_user("kasi@dinas.test", full_name="Kasi Kurikulum", role=User.Role.DINAS)
    do_accept_invitation(invitation=request.invitation, user=newcomer)
    public_community.forget_membership_cache()
    request = SupportRequest.objects.select_related("community").get(pk=request.pk)
    do_answer_request(request=request, by=newcomer, answer="accept", text="Kami jadwalkan.")
    request.refresh_from_db()
    entry.refresh_from_db()
    assert request.partner == newcomer and request.status == Status.ACCEPTED
    assert entry.account == newcomer
    assert request.commitment.partner == newcomer


def test_a_stakeholder_of_another_community_cannot_be_asked(
    public_community, private_community, fasilitator
):
    from komunitas.communities.actions import do_save_stakeholder
    from komunitas.communities.models import Stakeholder

    entry = do_save_stakeholder(
        stakeholder=Stakeholder(name="Pengawas Lain", kind=Stakeholder.Kind.PENGAWAS),
        regency=Regency.objects.get(code="34.04"),
        by=fasilitator,
        communities=[private_community],
    )
    with pytest.raises(RequestError):
        do_create_request(
            community=public_community,
            stakeholder=entry,
            email="lain@contoh.test",
            kind=SupportRequest.Kind.ROOM,
            needed_by=in_days(3),
            reason="Salah komunitas.",
            by=fasilitator,
        )
