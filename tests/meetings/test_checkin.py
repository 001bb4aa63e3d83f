"""Self check-in: only members, only with the right code, only inside the meeting's window;
late check-ins and the fasilitator's corrections are logged."""

import datetime

import pytest
import time_machine
from django.utils import translation

from komunitas.communities.actions import do_leave
from komunitas.meetings import actions
from komunitas.meetings.models import Attendance, AttendanceLog, CheckInError
from tests.factories import make_user
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def started(meeting):
    """A moment five minutes after the meeting's start."""
    return meeting.starts_at + 5 * MINUTE


def _check_in(meeting, user, code, at):
    return actions.do_check_in(meeting=meeting, member=user, code=code, now=at)


def test_a_member_checks_in_with_the_code(meeting, member, started):
    attendance = _check_in(meeting, member, meeting.checkin_code, started)
    assert attendance.member == member and not attendance.late
    assert AttendanceLog.objects.get(meeting=meeting).action == AttendanceLog.Action.CHECK_IN


def test_the_code_is_forgiving_about_case_spaces_and_dashes(meeting, member, started):
    code = meeting.checkin_code
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    assert _check_in(meeting, member, typed, started)


def test_checking_in_twice_records_once(meeting, member, started):
    first = _check_in(meeting, member, meeting.checkin_code, started)
    second = _check_in(meeting, member, meeting.checkin_code, started + MINUTE)
    assert first.pk == second.pk
    assert AttendanceLog.objects.count() == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong", "That code is not right. Check it and try again."),
        ("early", "Check-in has not opened yet."),
        ("expired", "Check-in for this meeting has closed. Ask the fasilitator."),
        ("outsider", "Only members of the community can check in."),
        ("cancelled", "This meeting was cancelled."),
        ("old_code", "That code is not right. Check it and try again."),
    ],
)
def test_refused_check_ins(meeting, member, outsider, case, message):
    user, code, at = member, meeting.checkin_code, meeting.starts_at
    if case == "wrong":
        code = "XXXXXX" if code != "XXXXXX" else "YYYYYY"
    elif case == "early":
        at = meeting.checkin_opens() - MINUTE
    elif case == "expired":
        at = meeting.checkin_closes() + MINUTE
    elif case == "outsider":
        user = outsider
    elif case == "cancelled":
        meeting.cancel(reason="Hujan deras")
    elif case == "old_code":
        meeting.new_checkin_code()
    with pytest.raises(CheckInError) as refused, translation.override("en"):
        _check_in(meeting, user, code, at)
        raise AssertionError("not refused")  # pragma: no cover
    with translation.override("en"):
        assert str(refused.value) == message
    assert not Attendance.objects.exists()


def test_a_member_who_left_cannot_check_in(meeting, member, started):
    do_leave(membership=meeting.community.membership_of(member))
    meeting.community.forget_membership_cache()
    with pytest.raises(CheckInError):
        _check_in(meeting, member, meeting.checkin_code, started)


def test_a_late_check_in_is_marked_and_logged(meeting, member, settings):
    at = meeting.starts_at + (settings.MEETINGS_LATE_AFTER_MINUTES + 1) * MINUTE
    attendance = _check_in(meeting, member, meeting.checkin_code, at)
    assert attendance.late
    log = AttendanceLog.objects.get(meeting=meeting)
    assert log.action == AttendanceLog.Action.LATE_CHECK_IN


def test_the_window_opens_before_the_start_and_closes_at_the_end(meeting, member):
    assert _check_in(meeting, member, meeting.checkin_code, meeting.checkin_opens())
    other = make_user()
    meeting.community.memberships.create(user=other)
    assert _check_in(meeting, other, meeting.checkin_code, meeting.ends_at)


def test_the_fasilitator_marks_and_corrects_after_the_meeting(meeting, member, fasilitator):
    with time_machine.travel(meeting.starts_at + MINUTE):
        assert actions.do_mark_attendance(
            meeting=meeting, member=member, present=True, by=fasilitator
        )
        assert not actions.do_mark_attendance(
            meeting=meeting, member=member, present=True, by=fasilitator
        )
    with time_machine.travel(meeting.ends_at + datetime.timedelta(days=1)):
        assert actions.do_mark_attendance(
            meeting=meeting, member=member, present=False, by=fasilitator, note="Salah tandai"
        )
    logged = list(AttendanceLog.objects.order_by("at").values_list("action", "note"))
    assert logged == [
        (AttendanceLog.Action.MARKED, ""),
        (AttendanceLog.Action.CORRECTED_ABSENT, "Salah tandai"),
    ]
    assert not Attendance.objects.exists()


# --- through the pages


def test_the_check_in_page_refuses_a_wrong_code_with_400(login, meeting, member):
    member.language = "en"
    member.save(update_fields=["language"])
    client = login(member)
    with time_machine.travel(meeting.starts_at), translation.override("en"):
        response = client.post(f"/pertemuan/{meeting.pk}/hadir/", {"code": "nope12"})
    assert response.status_code == 400
    assert b"That code is not right" in response.content
    assert b'value="nope12"' in response.content  # what was typed comes back


def test_the_qr_link_fills_in_the_code_and_checks_in(login, meeting, member):
    client = login(member)
    with time_machine.travel(meeting.starts_at):
        page = client.get(f"/pertemuan/{meeting.pk}/hadir/?kode={meeting.checkin_code}")
        assert meeting.checkin_code.encode() in page.content
        response = client.post(
            f"/pertemuan/{meeting.pk}/hadir/", {"code": meeting.checkin_code, "via": "qr"}
        )
    assert response.status_code == 302
    assert Attendance.objects.get().method == Attendance.Method.QR


def test_an_outsider_cannot_open_the_check_in_of_a_public_community(login, meeting, outsider):
    client = login(outsider)
    with time_machine.travel(meeting.starts_at):
        response = client.post(f"/pertemuan/{meeting.pk}/hadir/", {"code": meeting.checkin_code})
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_the_private_communitys_check_in_is_404_to_outsiders(login, private_community, outsider):
    meeting = make_meeting(private_community)
    response = login(outsider).get(f"/pertemuan/{meeting.pk}/hadir/")
    assert response.status_code == 404


def test_the_code_page_draws_a_qr_as_svg_for_the_fasilitator_only(
    login, meeting, member, fasilitator
):
    assert login(member).get(f"/pertemuan/{meeting.pk}/kode/").status_code == 403
    response = login(fasilitator).get(f"/pertemuan/{meeting.pk}/kode/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "<path" in body and meeting.checkin_code in body
    old = meeting.checkin_code
    login(fasilitator).post(f"/pertemuan/{meeting.pk}/kode/")
    meeting.refresh_from_db()
    assert meeting.checkin_code != old
