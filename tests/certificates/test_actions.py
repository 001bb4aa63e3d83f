"""JP rules, requests and decisions: the counting, the limits, the freezing, the log and who
hears of what."""

import datetime

import pytest
from django.utils import timezone

from komunitas.certificates import actions
from komunitas.certificates.actions import CertificateError
from komunitas.certificates.models import Certificate, CertificateLog, JpRules
from komunitas.lessonstudy.models import LessonStudy, Observation
from komunitas.notifications.models import Notification
from tests.certificates.conftest import apply_in_class, attend


def test_rules_are_saved_and_logged(public_community, fasilitator):
    rules = actions.do_set_rules(
        community=public_community, by=fasilitator, per_meeting=2, per_practice=1, cap=20
    )
    assert (rules.per_meeting, rules.per_practice, rules.cap) == (2, 1, 20)
    assert rules.effective_cap == 20
    assert CertificateLog.objects.filter(action=CertificateLog.Action.RULES).count() == 1


@pytest.mark.parametrize(
    ("per_meeting", "per_practice", "cap"),
    [(5, 1, None), (1, 5, None), (-1, 1, None), (1, -2, None), (2, 1, 33), (2, 1, 0)],
)
def test_rules_outside_the_operators_limits_are_refused(
    public_community, fasilitator, per_meeting, per_practice, cap
):
    with pytest.raises(CertificateError):
        actions.do_set_rules(
            community=public_community,
            by=fasilitator,
            per_meeting=per_meeting,
            per_practice=per_practice,
            cap=cap,
        )
    assert not JpRules.objects.exists()


def test_the_operator_sets_the_limits(public_community, fasilitator, settings):
    settings.CERTIFICATES_MAX_JP_PER_ACTIVITY = 8
    settings.CERTIFICATES_MAX_JP_PER_PERIOD = 10
    rules = actions.do_set_rules(
        community=public_community, by=fasilitator, per_meeting=8, per_practice=0, cap=None
    )
    assert rules.effective_cap == 10


def test_a_request_counts_only_the_members_records_in_the_period(
    requested, record, member, outsider, last_month, rules
):
    start, end = last_month
    attend(record, member, start - datetime.timedelta(days=1))  # before the period
    apply_in_class(record, outsider, start + datetime.timedelta(days=2))  # someone else
    certificate = actions.do_issue_certificate(certificate=requested, by=rules.updated_by)
    assert (certificate.meetings, certificate.practices, certificate.total_jp) == (3, 2, 8)
    assert [row[1] for row in certificate.activities].count("meeting") == 3


def test_a_cancelled_meeting_does_not_count(record, rules, member, last_month, fasilitator):
    start, end = last_month
    attendance = attend(record, member, start + datetime.timedelta(days=1))
    attendance.meeting.cancel(reason="Hujan")
    certificate = actions.do_request_certificate(
        community=record, member=member, start=start, end=end
    )
    issued = actions.do_issue_certificate(certificate=certificate, by=fasilitator)
    assert issued.meetings == 3


def test_the_cap_limits_the_hours(record, member, fasilitator, last_month):
    actions.do_set_rules(community=record, by=fasilitator, per_meeting=4, per_practice=4, cap=10)
    start, end = last_month
    certificate = actions.do_request_certificate(
        community=record, member=member, start=start, end=end
    )
    assert actions.do_issue_certificate(certificate=certificate, by=fasilitator).total_jp == 10


def test_issuing_freezes_what_the_certificate_says(issued, member, record, fasilitator, rules):
    assert issued.status == Certificate.Status.ISSUED
    assert issued.holder_name == "Siti Rahayu"
    assert issued.community_name == record.name
    assert issued.facilitator_name == fasilitator.full_name
    assert issued.number.startswith(f"KP/{timezone.now():%Y}/")
    assert len(issued.code) >= 22
    # Later changes to the profile, the rules and the records change nothing issued.
    member.full_name = "Siti R."
    member.save(update_fields=["full_name"])
    actions.do_set_rules(community=record, by=fasilitator, per_meeting=4, per_practice=4, cap=None)
    attend(record, member, issued.period_start)
    issued.refresh_from_db()
    assert (issued.holder_name, issued.total_jp, issued.per_meeting) == ("Siti Rahayu", 8, 2)


def test_the_nuptk_is_printed_when_the_profile_has_it(requested, member, fasilitator):
    member.nuptk = "1234567890123456"
    member.save(update_fields=["nuptk"])
    issued = actions.do_issue_certificate(certificate=requested, by=fasilitator)
    assert issued.holder_nuptk == "1234567890123456"


def test_approving_twice_is_refused(issued, fasilitator):
    with pytest.raises(CertificateError):
        actions.do_issue_certificate(certificate=issued, by=fasilitator)
    with pytest.raises(CertificateError):
        actions.do_decline_certificate(certificate=issued, by=fasilitator, reason="Ups")
    assert CertificateLog.objects.filter(action=CertificateLog.Action.ISSUED).count() == 1


def test_a_stale_copy_cannot_decide_again(requested, fasilitator, cofasilitator):
    stale = Certificate.objects.get(pk=requested.pk)
    actions.do_decline_certificate(certificate=requested, by=fasilitator, reason="Belum lengkap")
    with pytest.raises(CertificateError):
        actions.do_issue_certificate(certificate=stale, by=cofasilitator)
    stale.refresh_from_db()
    assert stale.status == Certificate.Status.DECLINED and not stale.code


@pytest.mark.parametrize(
    ("start_offset", "end_offset"),
    [(10, 20), (-60, 0), (35, 60)],  # inside, around the start, around the end
)
def test_a_request_overlapping_another_is_refused(
    requested, record, member, last_month, start_offset, end_offset
):
    start, _end = last_month
    with pytest.raises(CertificateError):
        actions.do_request_certificate(
            community=record,
            member=member,
            start=start + datetime.timedelta(days=start_offset),
            end=min(start + datetime.timedelta(days=end_offset), timezone.localdate()),
        )
    assert Certificate.objects.count() == 1


def test_after_a_decline_the_member_may_ask_again(requested, record, member, fasilitator):
    actions.do_decline_certificate(certificate=requested, by=fasilitator, reason="Periode salah")
    again = actions.do_request_certificate(
        community=record, member=member, start=requested.period_start, end=requested.period_end
    )
    assert again.status == Certificate.Status.REQUESTED


def test_bad_periods_are_refused(record, rules, member):
    today = timezone.localdate()
    for start, end in [
        (today, today - datetime.timedelta(days=1)),  # end before start
        (today, today + datetime.timedelta(days=1)),  # ends in the future
        (today - datetime.timedelta(days=400), today),  # too long
    ]:
        with pytest.raises(CertificateError):
            actions.do_request_certificate(community=record, member=member, start=start, end=end)
    assert not Certificate.objects.exists()


def test_a_period_with_nothing_counted_is_refused(rules, record, member):
    day = timezone.localdate() - datetime.timedelta(days=200)
    with pytest.raises(CertificateError):
        actions.do_request_certificate(community=record, member=member, start=day, end=day)


def test_declining_needs_a_reason(requested, fasilitator):
    with pytest.raises(CertificateError):
        actions.do_decline_certificate(certificate=requested, by=fasilitator, reason="  ")


def test_revoking_is_logged_and_once(issued, fasilitator):
    revoked = actions.do_revoke_certificate(
        certificate=issued, by=fasilitator, reason="Presensi ganda"
    )
    assert revoked.is_revoked and not revoked.is_valid
    assert CertificateLog.objects.get(action=CertificateLog.Action.REVOKED).reason == (
        "Presensi ganda"
    )
    with pytest.raises(CertificateError):
        actions.do_revoke_certificate(certificate=revoked, by=fasilitator, reason="Lagi")


def test_the_fasilitators_hear_of_a_request_and_the_member_of_the_answer(
    record, rules, member, fasilitator, cofasilitator, last_month, mailed, mailoutbox
):
    start, end = last_month
    with mailed():
        certificate = actions.do_request_certificate(
            community=record, member=member, start=start, end=end
        )
    told = set(
        Notification.objects.filter(event__kind="certificates.requested").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {fasilitator.email, cofasilitator.email}
    assert {m.to[0] for m in mailoutbox} == told
    mailoutbox.clear()
    with mailed():
        actions.do_decline_certificate(
            certificate=certificate, by=fasilitator, reason="Cek tanggal"
        )
    note = Notification.objects.get(event__kind="certificates.declined")
    assert note.recipient == member
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert "Cek tanggal" in mailoutbox[0].body


def test_the_member_hears_of_the_issue_and_of_a_revocation(requested, member, fasilitator, mailed):
    with mailed():
        issued = actions.do_issue_certificate(certificate=requested, by=fasilitator)
        actions.do_revoke_certificate(certificate=issued, by=fasilitator, reason="Salah hitung")
    kinds = set(Notification.objects.filter(recipient=member).values_list("event__kind", flat=True))
    assert kinds == {"certificates.issued", "certificates.revoked"}


def _study_at(community, teacher, observers, day, status=LessonStudy.Status.CONCLUDED):
    starts = datetime.datetime.combine(
        day, datetime.time(8), tzinfo=timezone.get_default_timezone()
    )
    study = LessonStudy.objects.create(
        community=community,
        teacher=teacher,
        title="Pecahan senilai",
        learning_goal="Murid menemukan pecahan senilai.",
        research_question="Apakah kelompok kesiapan membantu?",
        starts_at=starts,
        place="SDN 1, kelas 4A",
        status=status,
    )
    for person in observers:
        Observation.objects.create(study=study, observer=person)
    return study


def test_lesson_studies_taught_or_observed_count_where_the_rules_say(
    record, member, fasilitator, last_month
):
    """Issue #22: a lesson study counts towards JP where a JP rule covers it, once taught, for
    the teacher and for each observer; a planned one, another's, or one outside the period not."""
    start, end = last_month
    actions.do_set_rules(
        community=record,
        by=fasilitator,
        per_meeting=2,
        per_practice=1,
        per_lesson_study=3,
        cap=None,
    )
    _study_at(record, member, [fasilitator], start + datetime.timedelta(days=3))  # taught
    _study_at(record, fasilitator, [member], start + datetime.timedelta(days=9))  # observed
    _study_at(record, member, [], start + datetime.timedelta(days=12), LessonStudy.Status.PLANNED)
    _study_at(record, fasilitator, [], start + datetime.timedelta(days=4))  # not hers
    _study_at(record, member, [], start - datetime.timedelta(days=2))  # before the period
    requested = actions.do_request_certificate(
        community=record, member=member, start=start, end=end
    )
    certificate = actions.do_issue_certificate(certificate=requested, by=fasilitator)
    assert (certificate.lesson_studies, certificate.per_lesson_study) == (2, 3)
    assert certificate.total_jp == 3 * 2 + 2 * 1 + 2 * 3
    lessons = [row for row in certificate.activities if row[1] == "lesson"]
    assert [row[3] for row in lessons] == [3, 3]
    assert lessons[0][2].endswith(("(taught)", "(mengajar)"))
    assert lessons[1][2].endswith(("(observed)", "(mengamati)"))


def test_lesson_study_jp_is_within_the_operators_limit(record, fasilitator, settings):
    settings.CERTIFICATES_MAX_JP_PER_ACTIVITY = 4
    with pytest.raises(CertificateError):
        actions.do_set_rules(
            community=record,
            by=fasilitator,
            per_meeting=1,
            per_practice=1,
            per_lesson_study=5,
            cap=None,
        )
