"""Writing a plan (plainly and with BAGJA), steps, check-ins at a cadence, the stalled rule and
the reminder of a due check-in."""

import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from komunitas.journeys.actions import do_record_checkin
from komunitas.journeys.jobs import remind_due_checkins
from komunitas.journeys.models import CheckIn, LearningPlan
from komunitas.notifications.models import Event, Notification

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _plan(owner, **fields):
    return LearningPlan.objects.create(owner=owner, title=fields.pop("title", "Rencana"), **fields)


def test_a_member_writes_a_plan_with_its_first_goal(login, member, community, pair, mentor):
    response = login(member).post(
        "/belajar/rencana/baru/",
        {
            "title": "Umpan balik yang bermakna",
            "community": community.pk,
            "support_needed": "Observasi kelas oleh pendamping",
            "pendamping": mentor.pk,
            "checkin_every": 7,
            "visibility": "mentor",
            "goal-practice": "Memberi umpan balik tertulis",
            "goal-why": "Murid belum tahu langkah berikutnya",
            "goal-success_indicators": "Murid memperbaiki tulisannya sendiri",
        },
    )
    plan = LearningPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/belajar/rencana/{plan.pk}/"
    assert plan.owner == member and plan.pendamping == mentor
    assert plan.goals.get().success_indicators == "Murid memperbaiki tulisannya sendiri"
    assert plan.next_checkin_on == timezone.localdate() + datetime.timedelta(days=7)


def test_a_bad_plan_comes_back_with_what_was_typed(login, member, colleague, community):
    member.language = "en"
    member.save(update_fields=["language"])
    with translation.override("en"):
        response = login(member).post(
            "/belajar/rencana/baru/",
            {
                "title": "Rencana saya",
                "pendamping": colleague.pk,  # not one of her pendamping
                "checkin_every": 7,
                "visibility": "community",  # without a community
                "goal-practice": "",
            },
        )
    assert response.status_code == 400
    assert "Rencana saya" in response.content.decode()
    form = response.context["form"]
    assert "pendamping" in form.errors and "community" in form.errors
    assert "practice" in response.context["goal_form"].errors
    assert not LearningPlan.objects.exists()


def test_an_empty_post_is_a_400_not_a_500(login, member):
    assert login(member).post("/belajar/rencana/baru/bagja/", {}).status_code == 400
    assert login(member).post("/belajar/rencana/baru/", {}).status_code == 400


def test_bagja_makes_a_plan_its_goal_and_its_steps(login, member):
    response = login(member).post(
        "/belajar/rencana/baru/bagja/",
        {
            "title": "Kelas yang ramah bagi semua",
            "bagja_question": "Bagaimana setiap murid berani bertanya?\nTerutama yang pendiam.",
            "bagja_lessons": "Kelompok kecil sudah berhasil",
            "bagja_dream": "Setiap murid bertanya minimal sekali seminggu",
            "bagja_plan": "- Buat kartu pertanyaan\n\n- Coba di kelas 5A\n* Refleksi bersama murid",
            "bagja_execution": "Minta kepala sekolah mengamati",
            "checkin_every": 14,
            "visibility": "private",
        },
    )
    assert response.status_code == 302
    plan = LearningPlan.objects.get()
    assert plan.uses_bagja
    goal = plan.goals.get()
    assert goal.practice == "Bagaimana setiap murid berani bertanya?"
    assert goal.success_indicators == "Setiap murid bertanya minimal sekali seminggu"
    assert [s.description for s in plan.steps.order_by("pk")] == [
        "Buat kartu pertanyaan",
        "Coba di kelas 5A",
        "Refleksi bersama murid",
    ]


def test_steps_are_added_marked_done_and_a_bad_one_comes_back(login, member):
    plan = _plan(member)
    client = login(member)
    client.post(
        f"/belajar/rencana/{plan.pk}/langkah/", {"description": "Coba", "target_on": "2026-04-01"}
    )
    step = plan.steps.get()
    client.post(f"/belajar/langkah/{step.pk}/tandai/")
    step.refresh_from_db()
    assert step.done_at is not None
    bad = client.post(
        f"/belajar/rencana/{plan.pk}/langkah/", {"description": "", "target_on": "kemarin"}
    )
    assert bad.status_code == 400
    assert bad.context["step_form"].errors


@time_machine.travel(START, tick=False)
def test_a_checkin_sets_the_next_due_date_and_done_achieves_the_plan(member):
    plan = _plan(member, checkin_every=LearningPlan.Cadence.FORTNIGHTLY)
    assert plan.next_checkin_on == datetime.date(2026, 3, 16)
    with time_machine.travel(START + datetime.timedelta(days=10), tick=False):
        do_record_checkin(
            plan=plan, author=member, status=CheckIn.Status.STUCK, note="Waktu kurang"
        )
    assert plan.next_checkin_on == datetime.date(2026, 3, 26)
    assert plan.is_active
    do_record_checkin(plan=plan, author=member, status=CheckIn.Status.DONE)
    assert plan.status == LearningPlan.Status.DONE and plan.finished_at


@time_machine.travel(START, tick=False)
def test_a_plan_stalls_after_the_chosen_number_of_weeks_without_a_checkin(member):
    _plan(member, title="baru")
    _plan(member, title="lama", last_activity_at=START - datetime.timedelta(weeks=4))
    checked = _plan(member, title="dicek", last_activity_at=START - datetime.timedelta(weeks=6))
    with time_machine.travel(START - datetime.timedelta(weeks=1), tick=False):
        do_record_checkin(plan=checked, author=member, status=CheckIn.Status.ON_TRACK)
    done = _plan(member, title="selesai", last_activity_at=START - datetime.timedelta(weeks=9))
    done.set_status(LearningPlan.Status.DONE)

    assert set(LearningPlan.objects.stalled(3).values_list("title", flat=True)) == {"lama"}
    assert set(LearningPlan.objects.stalled(5).values_list("title", flat=True)) == set()
    assert set(LearningPlan.objects.stalled(1).values_list("title", flat=True)) == {"lama"}
    # exactly N weeks ago is not yet stalled: "no check-in for N weeks" means longer than that
    _plan(member, title="tepat", last_activity_at=START - datetime.timedelta(weeks=2))
    assert "tepat" not in LearningPlan.objects.stalled(2).values_list("title", flat=True)


def test_a_due_checkin_is_announced_once_to_its_owner(member, mentor, pair, commit, run_worker):
    with time_machine.travel(START, tick=False):
        plan = _plan(member, checkin_every=7)
    with time_machine.travel(START + datetime.timedelta(days=6), tick=False), commit():
        assert remind_due_checkins() == 0
    with time_machine.travel(START + datetime.timedelta(days=7, hours=2), tick=False):
        with commit():
            assert remind_due_checkins() == 1
            assert remind_due_checkins() == 0  # the same due date is not announced twice
        run_worker()
    event = Event.objects.get(kind="journeys.checkin_due")
    assert event.url == f"/belajar/rencana/{plan.pk}/cek/"
    assert list(Notification.objects.filter(event=event).values_list("recipient", flat=True)) == [
        member.pk
    ]
    # After a check-in the next due date is announced again, once.
    with time_machine.travel(START + datetime.timedelta(days=8), tick=False):
        do_record_checkin(plan=plan, author=member, status=CheckIn.Status.ON_TRACK)
    with time_machine.travel(START + datetime.timedelta(days=15, hours=1), tick=False), commit():
        assert remind_due_checkins() == 1
    assert Event.objects.filter(kind="journeys.checkin_due").count() == 2


def test_stopped_and_deleted_plans_are_not_reminded(member):
    with time_machine.travel(START, tick=False):
        stopped, deleted = _plan(member), _plan(member)
    stopped.set_status(LearningPlan.Status.STOPPED)
    deleted.soft_delete()
    with time_machine.travel(START + datetime.timedelta(days=40), tick=False):
        assert remind_due_checkins() == 0


def test_a_due_checkin_shows_on_the_home_page(login, member):
    with time_machine.travel(START, tick=False):
        plan = _plan(member, title="Diferensiasi konten", checkin_every=7)
    with time_machine.travel(START + datetime.timedelta(days=8), tick=False):
        page = login(member).get("/").content.decode()
    assert f"/belajar/rencana/{plan.pk}/cek/" in page
    assert "Diferensiasi konten" in page


def test_the_pendamping_hears_of_a_checkin_and_responds(
    login, member, mentor, pair, commit, run_worker
):
    plan = _plan(member, visibility="mentor", pendamping=mentor)
    with commit():
        login(member).post(
            f"/belajar/rencana/{plan.pk}/cek/", {"status": "stuck", "note": "Murid ramai"}
        )
    run_worker()
    checkin = plan.checkins.get()
    assert Notification.objects.filter(
        recipient=mentor, event__kind="journeys.checkin_posted"
    ).exists()
    with commit():
        response = login(mentor).post(
            f"/belajar/cek/{checkin.pk}/tanggapi/", {"response": "Coba kartu giliran bicara"}
        )
    assert response.status_code == 302
    run_worker()
    checkin.refresh_from_db()
    assert checkin.response == "Coba kartu giliran bicara" and checkin.responded_by == mentor
    assert Notification.objects.filter(
        recipient=member, event__kind="journeys.checkin_response"
    ).exists()


def test_only_a_pendamping_may_respond_and_never_to_a_private_plan(
    login, member, mentor, colleague, pair
):
    shared = _plan(member, visibility="community")
    private = _plan(member, visibility="private")
    c1 = do_record_checkin(plan=shared, author=member, status="on_track")
    c2 = do_record_checkin(plan=private, author=member, status="on_track")
    assert login(colleague).post(
        f"/belajar/cek/{c1.pk}/tanggapi/", {"response": "x"}
    ).status_code in (403, 404)
    assert (
        login(mentor).post(f"/belajar/cek/{c2.pk}/tanggapi/", {"response": "x"}).status_code == 404
    )
    assert (
        login(member).post(f"/belajar/cek/{c1.pk}/tanggapi/", {"response": "x"}).status_code == 403
    )


def test_an_evidence_photo_is_checked_and_served_only_to_readers(
    login, member, colleague, pair, mentor
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    plan = _plan(member, visibility="mentor")
    photo = SimpleUploadedFile("kelas.png", buffer.getvalue(), content_type="image/png")
    response = login(member).post(
        f"/belajar/rencana/{plan.pk}/cek/", {"status": "on_track", "evidence": photo}
    )
    assert response.status_code == 302
    checkin = plan.checkins.get()
    assert checkin.evidence
    assert login(mentor).get(f"/belajar/cek/{checkin.pk}/foto/").status_code == 200
    assert login(colleague).get(f"/belajar/cek/{checkin.pk}/foto/").status_code == 404

    fake = SimpleUploadedFile("x.png", b"<html><script>alert(1)</script>", content_type="image/png")
    bad = login(member).post(
        f"/belajar/rencana/{plan.pk}/cek/", {"status": "stuck", "evidence": fake, "note": "tetap"}
    )
    assert bad.status_code == 400 and "tetap" in bad.content.decode()


def test_a_private_plans_checkin_reaches_no_pendamping(member, mentor, pair, commit, run_worker):
    plan = _plan(member, visibility="private")
    with commit():
        do_record_checkin(plan=plan, author=member, status="on_track", note="Rahasia")
    run_worker()
    assert not Notification.objects.filter(recipient=mentor).exists()


def test_a_checkins_time_is_written_the_indonesian_way(login, member):
    plan = _plan(member)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 15, 4, tzinfo=datetime.UTC)):
        do_record_checkin(plan=plan, author=member, status=CheckIn.Status.ON_TRACK, note="Lancar")
    html = login(member).get(plan.get_absolute_url()).content.decode()
    assert "2 Mar 2026, 22.04 WIB" in html
    assert "22:04" not in html
