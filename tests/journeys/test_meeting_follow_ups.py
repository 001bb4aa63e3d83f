"""Value follow-up after a meeting: two and six weeks after a member attended a meeting, the
platform asks once whether they tried in class what it brought; the answer is an "applied in
class" record with the meeting as its target."""

import datetime

import pytest
import time_machine

from komunitas.communities.actions import do_leave
from komunitas.communities.models import Membership
from komunitas.discussions.models import ClassroomApplication
from komunitas.journeys.jobs import ask_follow_ups
from komunitas.journeys.models import FollowUp
from komunitas.meetings import actions
from komunitas.meetings.models import Meeting
from komunitas.notifications.models import Event, Notification

pytestmark = pytest.mark.django_db

T = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def at(days, hours=0):
    return time_machine.travel(T + datetime.timedelta(days=days, hours=hours), tick=False)


@pytest.fixture
def meeting(community, fasilitator):
    with at(-7):
        return Meeting.objects.create(
            community=community,
            title="Pertemuan diferensiasi",
            starts_at=T,
            mode=Meeting.Mode.IN_PERSON,
            place="Perpustakaan SDN 1",
            facilitator=fasilitator,
        )


@pytest.fixture
def attended(meeting, member, fasilitator):
    with at(0, 1):
        actions.do_mark_attendance(meeting=meeting, member=member, present=True, by=fasilitator)
    return meeting


def _asked():
    return sorted(
        FollowUp.objects.filter(status="asked", reason="meeting").values_list("member_id", "weeks")
    )


def test_asked_once_at_two_weeks_and_once_at_six(member, colleague, attended, commit, run_worker):
    with at(13), commit():
        assert ask_follow_ups() == 0
    with at(14, 1), commit():
        assert ask_follow_ups() == 1
        assert ask_follow_ups() == 0  # run again: nobody is asked twice
    run_worker()
    assert _asked() == [(member.pk, 2)]  # the colleague did not attend
    follow_up = FollowUp.objects.get()
    assert follow_up.target == attended and follow_up.since == attended.starts_at
    assert follow_up.community == attended.community
    event = Event.objects.get(kind="journeys.follow_up")
    assert event.title == "Pertemuan diferensiasi"
    assert Notification.objects.filter(event=event, recipient=member).exists()
    assert not Notification.objects.filter(event=event, recipient=colleague).exists()
    with at(30), commit():
        assert ask_follow_ups() == 0
    with at(42, 1), commit():
        assert ask_follow_ups() == 1
    with at(43), commit():
        assert ask_follow_ups() == 0
    assert _asked() == [(member.pk, 2), (member.pk, 6)]
    assert Event.objects.filter(kind="journeys.follow_up").count() == 2


def test_not_asked_after_leaving_the_community(member, attended, community):
    with at(10):
        do_leave(membership=Membership.objects.get(community=community, user=member))
    with at(14, 1):
        assert ask_follow_ups() == 0
    row = FollowUp.objects.get()
    assert row.status == FollowUp.Status.SKIPPED and row.skip_reason == "left_community"
    assert not Event.objects.filter(kind="journeys.follow_up").exists()
    from komunitas.communities.actions import do_add_member

    do_add_member(community=community, user=member)
    with at(15):
        assert ask_follow_ups() == 0  # coming back does not bring back that moment's question


def test_not_asked_about_a_cancelled_meeting(member, attended):
    with at(1):
        attended.cancel(reason="Banjir")
    with at(14, 1):
        assert ask_follow_ups() == 0
    with at(42, 1):
        assert ask_follow_ups() == 0
    rows = FollowUp.objects.order_by("weeks")
    assert [(r.weeks, r.status, r.skip_reason) for r in rows] == [
        (2, "skipped", "meeting_cancelled"),
        (6, "skipped", "meeting_cancelled"),
    ]
    assert not Event.objects.filter(kind="journeys.follow_up").exists()


def test_not_asked_about_a_deleted_meeting(member, attended):
    with at(1):
        Meeting.objects.filter(pk=attended.pk).update(deleted_at=T)
    with at(14, 1):
        assert ask_follow_ups() == 0
    assert FollowUp.objects.get().skip_reason == "meeting_cancelled"


def test_absent_members_and_partners_are_not_asked(
    member, colleague, partner, meeting, fasilitator
):
    with at(0, 1):
        actions.do_mark_attendance(meeting=meeting, member=colleague, present=True, by=fasilitator)
        actions.do_mark_attendance(
            meeting=meeting, member=colleague, present=False, by=fasilitator
        )  # marked by mistake
        actions.do_mark_attendance(meeting=meeting, member=partner, present=True, by=fasilitator)
    with at(14, 1):
        assert ask_follow_ups() == 0
    # a mitra may not report applying in class, so the question is not asked
    row = FollowUp.objects.get()
    assert row.member == partner and row.skip_reason == "cannot_apply"


def test_old_meetings_are_not_asked_about(member, community, fasilitator):
    with at(-60):
        old = Meeting.objects.create(
            community=community, title="Lama", starts_at=T - datetime.timedelta(days=60),
            mode=Meeting.Mode.IN_PERSON, place="Aula",
        )  # fmt: skip
        actions.do_mark_attendance(meeting=old, member=member, present=True, by=fasilitator)
    with at(14, 1):
        assert ask_follow_ups() == 0
    assert not FollowUp.objects.exists()


def test_the_answer_is_recorded_with_the_meeting_as_target(login, member, attended):
    with at(14, 1):
        ask_follow_ups()
    follow_up = FollowUp.objects.get()
    client = login(member)
    with at(15):
        page = client.get(follow_up.get_absolute_url())  # in Bahasa Indonesia, the default
    assert page.status_code == 200 and "Pertemuan diferensiasi" in page.content.decode()
    assert "2 minggu lalu Anda menghadiri pertemuan ini" in page.content.decode()
    with at(20):
        response = client.post(
            follow_up.get_absolute_url(),
            {"applied_on": "2026-03-18", "class_name": "5A", "what_happened": "Berhasil",
             "outcome": "better", "note": "Kelompok belajar berjalan"},
        )  # fmt: skip
        assert response.status_code == 302
    application = ClassroomApplication.objects.get()
    assert application.source == ClassroomApplication.Source.FOLLOW_UP
    assert application.member == member and application.target == attended
    assert application.community == attended.community
    follow_up.refresh_from_db()
    assert follow_up.application == application and not follow_up.is_open
    with at(42, 1):
        assert ask_follow_ups() == 0
    six = FollowUp.objects.get(weeks=6)
    assert six.status == FollowUp.Status.SKIPPED and six.skip_reason == "already_applied"


def test_a_direct_report_on_the_meeting_skips_the_question(member, attended):
    from komunitas.discussions.actions import do_record_application

    with at(3):
        do_record_application(
            member=member, target=attended, applied_on=datetime.date(2026, 3, 4),
            class_name="5A", what_happened="Dicoba", outcome="better",
        )  # fmt: skip
    with at(14, 1):
        assert ask_follow_ups() == 0
    assert FollowUp.objects.get().skip_reason == "already_applied"


def test_the_question_about_a_meeting_asks_what_was_learned_there(
    login, member, attended, commit, run_worker, mailoutbox
):
    with at(14, 1), commit():
        ask_follow_ups()
    run_worker()
    follow_up = FollowUp.objects.get()
    with at(15):
        client = login(member)
        home = client.get("/").content.decode()
        page = client.get(follow_up.get_absolute_url()).content.decode()
    asked = "mencoba di kelas apa yang Anda pelajari di pertemuan “Pertemuan diferensiasi”?"
    assert asked in home
    assert "Sudahkah Anda mencoba “Pertemuan diferensiasi”" not in home
    assert "apa yang Anda pelajari di sana" in page
    event = Event.objects.get(kind="journeys.follow_up")
    assert event.kind_spec.describe(event, 1).startswith("Sudahkah Anda mencoba di kelas apa")
