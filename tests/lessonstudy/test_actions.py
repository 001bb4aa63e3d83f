"""Reminders, the counts in insights (aims 3 and 5), the portfolio, and the privacy part."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from komunitas.core.privacy import parts
from komunitas.insights.measures import raw_figures
from komunitas.insights.period import Period
from komunitas.insights.scope import Kind, Scope
from komunitas.journeys.portfolio import timeline_page
from komunitas.lessonstudy import actions
from komunitas.lessonstudy.actions import LessonStudyError
from komunitas.lessonstudy.models import LessonStudy, Observation
from komunitas.notifications.models import Event, Notification

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def test_the_day_before_reminder_is_recorded_once(study, teacher, observer):
    with time_machine.travel(study.starts_at - 30 * HOUR):
        assert actions.send_due_reminders() == 0
    with time_machine.travel(study.starts_at - 20 * HOUR):
        assert actions.send_due_reminders() == 1
        assert actions.send_due_reminders() == 0
    event = Event.objects.get(kind="lessonstudy.reminder")
    assert sorted(event.data["to"]) == sorted([teacher.pk, observer.pk])


def test_the_worker_delivers_assignments_to_the_named_people_only(
    studied, fasilitator, teacher, observer, member, commit, run_worker
):
    with commit():
        actions.do_plan_lesson_study(
            community=studied, by=fasilitator, teacher=teacher, observers=[observer],
            fields={"title": "Pecahan", "learning_goal": "x", "research_question": "y",
                    "starts_at": timezone.now() + 48 * HOUR, "place": "Kelas 4A"},
        )  # fmt: skip
    run_worker()
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert told == {teacher.pk, observer.pk}


def test_the_rules_of_people_are_kept_by_the_action(studied, fasilitator, teacher, partner):
    fields = {"title": "x", "learning_goal": "x", "research_question": "y",
              "starts_at": timezone.now() + 48 * HOUR, "place": "x"}  # fmt: skip
    with pytest.raises(LessonStudyError):
        actions.do_plan_lesson_study(
            community=studied, by=fasilitator, teacher=teacher, observers=[teacher], fields=fields
        )
    with pytest.raises(LessonStudyError):  # a partner does not teach the group's lesson
        actions.do_plan_lesson_study(
            community=studied, by=fasilitator, teacher=partner, observers=[teacher], fields=fields
        )
    with pytest.raises(LessonStudyError):
        actions.do_plan_lesson_study(
            community=studied, by=fasilitator, teacher=teacher, observers=[], fields=fields
        )
    assert not LessonStudy.objects.exists()


def _taught_and_concluded(study, fasilitator):
    from tests.meetings.conftest import make_meeting

    meeting = make_meeting(study.community, starts_in=-HOUR)
    meeting.publish_minutes(by=fasilitator)
    study.starts_at = timezone.now() - 3 * HOUR
    study.status = LessonStudy.Status.OBSERVING
    study.save()
    Observation.objects.update(evidence="Tiket keluar benar", written_at=timezone.now())
    actions.do_link_reflection(study=study, meeting=meeting, by=fasilitator)
    actions.do_conclude(study=study, conclusion="Membantu.", by=fasilitator)


def test_insights_count_lessons_taught_observers_and_conclusions(study, fasilitator):
    _taught_and_concluded(study, fasilitator)
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=30), today)
    raw = raw_figures(
        Scope(Kind.COMMUNITY, study.community.slug, community=study.community), period
    )
    assert raw["lesson_studies_taught"] == 1
    assert raw["lesson_observers"] == 1
    assert raw["lesson_studies_concluded"] == 1
    study.deleted_at = timezone.now()
    study.save()
    raw = raw_figures(
        Scope(Kind.COMMUNITY, study.community.slug, community=study.community), period
    )
    assert raw["lesson_studies_taught"] == raw["lesson_studies_concluded"] == 0


def test_the_portfolio_shows_lessons_taught_and_observed_once_taught(
    study, teacher, observer, member, fasilitator
):
    assert timeline_page(teacher)[0] == []  # planned: not yet evidence
    _taught_and_concluded(study, fasilitator)
    for person in (teacher, observer):
        items, _cursor = timeline_page(person)
        assert [(i.kind, i.obj.pk) for i in items] == [("lesson_study", study.pk)]
    assert timeline_page(member)[0] == []


def test_the_portfolio_page_and_pdf_show_the_lesson(login, study, teacher, fasilitator):
    from django.urls import reverse

    _taught_and_concluded(study, fasilitator)
    page = login(teacher).get(reverse("journeys:portfolio"))
    assert page.status_code == 200 and study.title.encode() in page.content
    assert login(teacher).get(reverse("journeys:portfolio_pdf")).status_code == 200


def _part():
    return next(p.part for p in parts() if p.app == "lessonstudy")


def test_the_export_holds_what_i_taught_and_my_notes(study, teacher, observer):
    Observation.objects.update(evidence="Tiket keluar benar")
    assert [row["id"] for row in _part().export(teacher)["taught"]] == [study.pk]
    notes = _part().export(observer)["observations"]
    assert notes[0]["evidence"] == "Tiket keluar benar"


def test_erasure_with_removal_empties_my_notes_and_keeps_the_study(study, observer):
    Observation.objects.update(evidence="Tiket keluar benar")
    _part().erase(observer, remove_public=False)
    assert Observation.objects.get().evidence == "Tiket keluar benar"
    _part().erase(observer, remove_public=True)
    assert Observation.objects.get().evidence == ""
    assert LessonStudy.objects.filter(pk=study.pk, deleted_at__isnull=True).exists()
