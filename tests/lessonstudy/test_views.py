"""The lesson study pages: plan, read, observe, reflect, conclude, delete; bad input answered
with the form and a message (never a 500); the pages' queries do not grow with the list."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from komunitas.lessonstudy.models import LessonStudy, LogEntry, Observation
from komunitas.meetings.models import Meeting
from komunitas.notifications.models import Event
from tests.files import pdf_bytes
from tests.lessonstudy.conftest import join, make_study
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db
SOON = timezone.now() + datetime.timedelta(days=5)


def _plan(who, watching, **over):
    data = {
        "title": "Pecahan senilai",
        "learning_goal": "Murid menemukan pecahan senilai.",
        "research_question": "Apakah kelompok kesiapan membantu?",
        "teacher": who.pk,
        "observers": [o.pk for o in watching],
        "date": SOON.date().isoformat(),
        "time": "08:00",
        "zone": "Asia/Makassar",
        "duration_minutes": 70,
        "place": "SDN 1, kelas 4A",
    }
    return {**data, **over}


def _create_url(community):
    return reverse("lessonstudy:create", args=[community.slug])


def test_a_member_plans_a_lesson_study_and_the_people_in_it_hear_of_it(
    login, studied, member, teacher, observer
):
    data = _plan(teacher, [observer], lesson_plan_file=SimpleUploadedFile(
        "rpp.pdf", pdf_bytes(), content_type="application/pdf"))  # fmt: skip
    response = login(member).post(_create_url(studied), data)
    study = LessonStudy.objects.get()
    assert response.status_code == 302 and response.url == study.get_absolute_url()
    assert study.teacher == teacher and study.created_by == member
    assert study.local_start.hour == 8 and study.zone_name == "WITA"
    assert list(study.observations.values_list("observer", flat=True)) == [observer.pk]
    event = Event.objects.get(kind="lessonstudy.assigned")
    assert sorted(event.data["to"]) == sorted([teacher.pk, observer.pk])
    assert LogEntry.objects.filter(study=study, action="planned", actor=member).exists()
    download = login(observer).get(reverse("lessonstudy:plan_file", args=[study.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("teacher_observes", "observers"),
        ("past", None),
        ("not_a_date", "date"),
        ("huge_id", "teacher"),
        ("outsider_observes", "observers"),
        ("bad_file", "lesson_plan_file"),
        ("too_long", "duration_minutes"),
    ],
)
def test_bad_plans_come_back_with_a_message(
    login, studied, member, teacher, observer, outsider, change, field
):
    over = {
        "teacher_observes": {"observers": [observer.pk, teacher.pk]},
        "past": {"date": (timezone.now() - datetime.timedelta(days=2)).date().isoformat()},
        "not_a_date": {"date": "31-31-2026"},
        "huge_id": {"teacher": "99999999999999999999999"},
        "outsider_observes": {"observers": [outsider.pk]},
        "bad_file": {"lesson_plan_file": SimpleUploadedFile("rpp.pdf", b"<script>")},
        "too_long": {"duration_minutes": 9000},
    }[change]
    response = login(member).post(_create_url(studied), _plan(teacher, [observer], **over))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field] if field else form.non_field_errors()
    assert form["title"].value() == "Pecahan senilai"  # what was typed comes back
    assert not LessonStudy.objects.exists()


def test_partners_and_outsiders_cannot_plan(login, studied, partner, outsider, private_community):
    assert login(partner).get(_create_url(studied)).status_code == 403
    assert login(outsider).get(_create_url(private_community)).status_code == 404


def test_the_detail_page_shows_notes_to_participants_only(
    login, study, observer, teacher, partner, pengawas, member, fasilitator, operator
):
    Observation.objects.filter(study=study).update(students_did="Murid melipat kertas")
    for person in (observer, teacher, fasilitator):
        response = login(person).get(study.get_absolute_url())
        assert b"Murid melipat kertas" in response.content
    for person in (partner, pengawas, member, operator):
        response = login(person).get(study.get_absolute_url())
        assert response.status_code == 200
        assert b"Murid melipat kertas" not in response.content
        assert b"Pecahan senilai" in response.content


def test_a_private_communitys_study_does_not_exist_for_outsiders(
    login, private_community, teacher, observer, outsider, dinas
):
    join(private_community, teacher, observer)
    study = make_study(private_community, teacher, [observer])
    for person in (outsider, dinas):
        assert login(person).get(study.get_absolute_url()).status_code == 404
        url = reverse("lessonstudy:list", args=[private_community.slug])
        assert login(person).get(url).status_code == 404


def test_each_observer_writes_only_their_own_notes(login, studied, teacher, observer, member):
    join(studied)  # Siti observes too
    study = make_study(studied, teacher, [observer, member], starts_in=-datetime.timedelta(hours=1))
    url = reverse("lessonstudy:observe", args=[study.pk])
    notes = {"students_did": "Raka bertanya", "evidence": "", "questions": "Cukupkah waktunya?"}
    assert login(observer).post(url, notes).status_code == 302
    mine = Observation.objects.get(study=study, observer=observer)
    assert mine.students_did == "Raka bertanya" and mine.written_at
    assert Observation.objects.get(study=study, observer=member).students_did == ""
    study.refresh_from_db()
    assert study.status == LessonStudy.Status.OBSERVING  # the first notes: it was taught
    assert login(teacher).post(url, notes).status_code == 403
    empty = login(member).post(url, {"students_did": "", "evidence": "", "questions": ""})
    assert empty.status_code == 400 and empty.context["form"].non_field_errors()


def test_notes_cannot_be_written_before_the_lesson(login, study, observer):
    url = reverse("lessonstudy:observe", args=[study.pk])
    assert login(observer).post(url, {"students_did": "x"}).status_code == 403


def _taught(study):
    study.starts_at = timezone.now() - datetime.timedelta(hours=2)
    study.status = LessonStudy.Status.OBSERVING
    study.save()
    return study


def test_the_reflection_meeting_is_linked_then_its_minutes_conclude_the_study(
    login, study, teacher, fasilitator, observer
):
    _taught(study)
    early = make_meeting(study.community, starts_in=-datetime.timedelta(days=1))
    meeting = make_meeting(study.community, starts_in=datetime.timedelta(days=1))
    link = reverse("lessonstudy:link_reflection", args=[study.pk])
    assert login(teacher).post(link, {"meeting": early.pk}).status_code == 400  # before lesson
    assert login(teacher).post(link, {"meeting": "abc"}).status_code == 400
    assert login(teacher).post(link, {"meeting": meeting.pk}).status_code == 302
    study.refresh_from_db()
    assert study.status == LessonStudy.Status.REFLECTION and study.reflection_meeting == meeting
    conclude = reverse("lessonstudy:conclude", args=[study.pk])
    refused = login(teacher).post(conclude, {"conclusion": "Kelompok kesiapan membantu."})
    assert refused.status_code == 400  # the minutes are not published yet
    meeting.publish_minutes(by=fasilitator)
    assert login(teacher).post(conclude, {"conclusion": "Membantu."}).status_code == 302
    study.refresh_from_db()
    assert study.is_concluded and study.conclusion == "Membantu." and study.concluded_at
    event = Event.objects.get(kind="lessonstudy.concluded")
    assert event.data["to"] == [observer.pk]  # the teacher concluded it: only the others
    assert login(teacher).get(reverse("lessonstudy:edit", args=[study.pk])).status_code == 403


def test_a_fasilitator_schedules_a_new_reflection_meeting(login, study, fasilitator):
    _taught(study)
    url = reverse("lessonstudy:schedule_reflection", args=[study.pk])
    day = (timezone.now() + datetime.timedelta(days=2)).date().isoformat()
    data = {"title": "Refleksi", "date": day, "time": "14:00", "zone": "Asia/Jakarta",
            "duration_minutes": 60, "mode": "luring", "place": "Perpustakaan"}  # fmt: skip
    assert login(fasilitator).post(url, {**data, "place": ""}).status_code == 400
    assert login(fasilitator).post(url, data).status_code == 302
    meeting = Meeting.objects.get(title="Refleksi")
    study.refresh_from_db()
    assert study.reflection_meeting == meeting and meeting.step == Meeting.Step.REFLECTION
    assert Event.objects.filter(kind="meetings.scheduled").exists()


def test_the_teacher_cannot_schedule_a_meeting_but_may_link_one(login, study, teacher):
    _taught(study)
    url = reverse("lessonstudy:schedule_reflection", args=[study.pk])
    assert login(teacher).post(url, {"title": "x"}).status_code == 403


def test_mark_taught_waits_for_the_lesson(login, study, teacher):
    url = reverse("lessonstudy:taught", args=[study.pk])
    assert login(teacher).post(url).status_code == 400
    study.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    study.save()
    assert login(teacher).post(url).status_code == 302
    study.refresh_from_db()
    assert study.status == LessonStudy.Status.OBSERVING


def test_changing_the_plan_tells_only_new_people(login, study, teacher, observer, member, commit):
    url = reverse("lessonstudy:edit", args=[study.pk])
    page = login(teacher).get(url)
    assert page.status_code == 200
    data = _plan(teacher, [observer, member])
    data["date"] = study.local_start.date().isoformat()
    data["time"] = study.local_start.strftime("%H:%M")
    data["zone"] = study.zone
    assert login(teacher).post(url, data).status_code == 302
    event = Event.objects.get(kind="lessonstudy.assigned")
    assert event.data["to"] == [member.pk]


def test_an_observer_with_notes_cannot_be_taken_off(login, study, teacher, member, fasilitator):
    Observation.objects.filter(study=study).update(evidence="Tiket keluar benar")
    join(study.community)
    data = _plan(teacher, [member])
    data["date"], data["time"] = study.local_start.date().isoformat(), "08:00"
    response = login(fasilitator).post(reverse("lessonstudy:edit", args=[study.pk]), data)
    assert response.status_code == 400 and response.context["form"].non_field_errors()


def test_deleting_is_soft_and_logged(login, study, fasilitator, teacher):
    url = reverse("lessonstudy:delete", args=[study.pk])
    assert login(teacher).post(url, {"reason": "x"}).status_code == 403
    response = login(fasilitator).post(url, {"reason": "Rangkap"})
    assert response.status_code == 302
    study.refresh_from_db()
    assert study.deleted_at is not None
    assert LogEntry.objects.get(study=study, action="deleted").note == "Rangkap"
    assert login(fasilitator).get(study.get_absolute_url()).status_code == 404


def test_tampered_ids_answer_404(login, member):
    for name in ("detail", "edit", "observe", "plan_file", "delete"):
        url = reverse(f"lessonstudy:{name}", args=[987654])
        assert login(member).get(url).status_code == 404


def _many(community, teacher, observer, n):
    for i in range(n):
        make_study(community, teacher, [observer], title=f"Pelajaran {i}")


def test_the_list_runs_the_same_queries_for_2_or_20_studies(
    login, studied, teacher, observer, member, django_assert_max_num_queries
):
    url = reverse("lessonstudy:list", args=[studied.slug])
    _many(studied, teacher, observer, 2)
    client = login(member)
    with django_assert_max_num_queries(15) as few:
        assert client.get(url).status_code == 200
    _many(studied, teacher, observer, 18)
    with django_assert_max_num_queries(15) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_detail_runs_the_same_queries_for_1_or_12_observers(
    login, studied, teacher, fasilitator, django_assert_max_num_queries
):
    from tests.factories import make_user

    people = [make_user(f"o{i}@contoh.test") for i in range(12)]
    join(studied, *people)
    one = make_study(studied, teacher, people[:1])
    twelve = make_study(studied, teacher, people)
    Observation.objects.update(students_did="catatan")
    client = login(fasilitator)
    with django_assert_max_num_queries(15) as few:
        assert client.get(one.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(15) as many:
        assert client.get(twelve.get_absolute_url()).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
