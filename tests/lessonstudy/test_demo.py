"""The demo's lesson studies in "Komunitas Praktisi Pembelajaran Berdiferensiasi"."""

from django.core.management import call_command

from komunitas.lessonstudy.models import LessonStudy, Observation
from komunitas.permissions import can


def test_the_demo_has_a_concluded_lesson_study_with_two_observers_notes(demo):
    from komunitas.accounts.models import User

    study = LessonStudy.objects.get(
        community__slug="pembelajaran-berdiferensiasi", status="concluded"
    )
    guru = User.objects.get(email="guru@demo.test")
    assert study.teacher == guru
    notes = Observation.objects.filter(study=study).exclude(evidence="")
    assert notes.count() == 2
    meeting = study.reflection_meeting
    assert meeting.minutes_published and meeting.starts_at > study.starts_at
    assert study.conclusion
    kepsek = User.objects.get(email="kepsek@demo.test")
    assert can(kepsek, "lesson_study.view", study)
    assert not can(kepsek, "lesson_study.view_notes", study)
    assert LessonStudy.objects.filter(status="planned", observations__observer=guru).exists()
    counts = (LessonStudy.objects.count(), Observation.objects.count())
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (LessonStudy.objects.count(), Observation.objects.count()) == counts


def test_the_demo_pages_open_for_the_demo_people(demo, client):
    from komunitas.accounts.models import User

    study = LessonStudy.objects.get(status="concluded")
    for email in ("guru@demo.test", "kepsek@demo.test", "penggerak@demo.test"):
        client.force_login(User.objects.get(email=email))
        assert client.get(study.get_absolute_url()).status_code == 200
        assert client.get(f"/k/{study.community.slug}/lesson-study/").status_code == 200
