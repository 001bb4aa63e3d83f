"""Value follow-up: two and six weeks after a member bookmarks a good practice, the platform asks
once whether they tried it in class; the answer is an "applied in class" record."""

import datetime

import pytest
import time_machine

from komunitas.communities.actions import do_leave
from komunitas.communities.models import Membership
from komunitas.discussions.actions import do_create_post
from komunitas.discussions.models import Bookmark, ClassroomApplication, Post
from komunitas.journeys.jobs import ask_follow_ups
from komunitas.journeys.models import FollowUp
from komunitas.notifications.models import Event, Notification

pytestmark = pytest.mark.django_db

T = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


def at(days, hours=0):
    return time_machine.travel(T + datetime.timedelta(days=days, hours=hours), tick=False)


@pytest.fixture
def practice(colleague, community):
    with at(-1):
        return do_create_post(
            author=colleague,
            community=community,
            kind=Post.Kind.GOOD_PRACTICE,
            title="Kartu giliran bicara",
            sections={"what_i_did": "Setiap murid memegang dua kartu."},
            check_rate=False,
        )


@pytest.fixture
def bookmark(member, practice):
    with at(0):
        return Bookmark.objects.create(user=member, post=practice)


def _asked():
    return list(FollowUp.objects.filter(status="asked").values_list("member_id", "weeks"))


def test_asked_once_at_two_weeks_and_once_at_six(member, bookmark, commit, run_worker):
    with at(13), commit():
        assert ask_follow_ups() == 0
    with at(14, 1), commit():
        assert ask_follow_ups() == 1
        assert ask_follow_ups() == 0  # run again: nobody is asked twice
    run_worker()
    assert _asked() == [(member.pk, 2)]
    event = Event.objects.get(kind="journeys.follow_up")
    assert Notification.objects.filter(event=event, recipient=member).exists()
    with at(30), commit():
        assert ask_follow_ups() == 0
    with at(42, 1), commit():
        assert ask_follow_ups() == 1
    with at(43), commit():
        assert ask_follow_ups() == 0
    assert sorted(_asked()) == [(member.pk, 2), (member.pk, 6)]
    assert Event.objects.filter(kind="journeys.follow_up").count() == 2


def test_not_asked_after_leaving_the_community(member, bookmark, community):
    with at(10):
        do_leave(membership=Membership.objects.get(community=community, user=member))
    with at(14, 1):
        assert ask_follow_ups() == 0
    row = FollowUp.objects.get()
    assert row.status == FollowUp.Status.SKIPPED and row.skip_reason == "left_community"
    assert not Event.objects.filter(kind="journeys.follow_up").exists()
    # coming back later does not bring back the question of that moment
    from komunitas.communities.actions import do_add_member

    do_add_member(community=community, user=member)
    with at(15):
        assert ask_follow_ups() == 0


def test_not_asked_again_after_answering(login, member, bookmark):
    with at(14, 1):
        ask_follow_ups()
    follow_up = FollowUp.objects.get()
    with at(20):
        response = login(member).post(
            follow_up.get_absolute_url(),
            {"applied_on": "2026-03-18", "class_name": "5A", "what_happened": "Berhasil",
             "outcome": "better", "note": "Murid pendiam ikut bicara"},
        )  # fmt: skip
        assert response.status_code == 302
    application = ClassroomApplication.objects.get()
    assert application.source == ClassroomApplication.Source.FOLLOW_UP
    assert application.member == member and application.target == bookmark.post
    follow_up.refresh_from_db()
    assert follow_up.application == application and not follow_up.is_open
    with at(42, 1):
        assert ask_follow_ups() == 0
    six = FollowUp.objects.get(weeks=6)
    assert six.status == FollowUp.Status.SKIPPED and six.skip_reason == "already_applied"
    # answering twice makes no second record
    with at(43):
        login(member).post(
            follow_up.get_absolute_url(),
            {
                "applied_on": "2026-03-18",
                "class_name": "5A",
                "what_happened": "x",
                "outcome": "same",
            },
        )
    assert ClassroomApplication.objects.count() == 1


def test_bookmarks_of_other_kinds_and_old_ones_are_not_asked_about(member, colleague, community):
    with at(-1):
        question = do_create_post(
            author=colleague, community=community, kind=Post.Kind.QUESTION, title="Tanya",
            check_rate=False,
        )  # fmt: skip
        old = do_create_post(
            author=colleague, community=community, kind=Post.Kind.GOOD_PRACTICE, title="Lama",
            sections={"what_i_did": "x"}, check_rate=False,
        )  # fmt: skip
    with at(0):
        Bookmark.objects.create(user=member, post=question)
    with at(-60):
        Bookmark.objects.create(user=member, post=old)
    with at(14, 1):
        assert ask_follow_ups() == 0
    assert not FollowUp.objects.filter(target_id=question.pk).exists()
    assert not FollowUp.objects.filter(target_id=old.pk).exists()


def test_a_removed_bookmark_is_not_asked_about(member, bookmark):
    bookmark.delete()
    with at(14, 1):
        assert ask_follow_ups() == 0


def test_the_question_shows_on_the_home_page_and_can_wait(login, member, bookmark):
    with at(14, 1):
        ask_follow_ups()
    follow_up = FollowUp.objects.get()
    client = login(member)
    home = client.get("/").content.decode()
    assert follow_up.get_absolute_url() in home and "Kartu giliran bicara" in home
    client.post(f"/belajar/tindak-lanjut/{follow_up.pk}/nanti/")
    follow_up.refresh_from_db()
    assert (
        follow_up.dismissed_at
        and follow_up.get_absolute_url() not in client.get("/").content.decode()
    )


def test_someone_elses_question_is_404(login, colleague, member, bookmark):
    with at(14, 1):
        ask_follow_ups()
    follow_up = FollowUp.objects.get()
    assert login(colleague).get(follow_up.get_absolute_url()).status_code == 404
    assert login(colleague).post(f"/belajar/tindak-lanjut/{follow_up.pk}/nanti/").status_code == 404


def test_the_management_command_runs_the_jobs(member, bookmark):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    with at(14, 1):
        call_command("journeys_jobs", stdout=out)
    assert "follow_ups: 1" in out.getvalue()


def test_a_bad_answer_comes_back_with_the_text_kept(login, member, bookmark):
    with at(14, 1):
        ask_follow_ups()
    follow_up = FollowUp.objects.get()
    response = login(member).post(
        follow_up.get_absolute_url(),
        {"applied_on": "2999-01-01", "class_name": "5A", "what_happened": "Catatan saya",
         "outcome": "better"},
    )  # fmt: skip
    assert response.status_code == 400 and "Catatan saya" in response.content.decode()
    assert not ClassroomApplication.objects.exists()
    follow_up.refresh_from_db()
    assert follow_up.is_open


def test_the_workers_periodic_jobs_remind_and_ask(member, bookmark, commit, run_worker):
    """``komunitas run_jobs`` (what the worker's scheduler does) runs both journeys jobs."""
    from django.core.management import call_command

    from komunitas.journeys.models import LearningPlan
    from komunitas.notifications.periodic import all_jobs

    assert {"journeys.checkin_reminders", "journeys.follow_ups"} <= {j.name for j in all_jobs()}
    with at(0):
        LearningPlan.objects.create(owner=member, title="Rencana", checkin_every=7)
    with at(14, 1):
        with commit():
            call_command("run_jobs", verbosity=0)
        run_worker()
    assert FollowUp.objects.filter(status="asked").count() == 1
    assert Event.objects.filter(kind="journeys.checkin_due").count() == 1
