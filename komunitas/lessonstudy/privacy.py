"""Lesson studies' part of the members' data rights (komunitas/core/privacy.py).

A member's export holds the lesson studies they taught or planned, their observations with
their notes, and what they did to lesson studies (the log). The studies themselves stay as the
community's record (the teacher shown as a former member once the account is gone); when
contributions are removed, the member's observation notes are emptied and the studies they
planned lose their attached lesson plan file.
"""

from komunitas.core.privacy import all_rows, files_of, privacy_part
from komunitas.lessonstudy.models import LessonStudy, LogEntry, Observation


@privacy_part("lessonstudy", order=45)
class LessonStudyPrivacy:
    def export(self, user):
        return {
            "taught": all_rows(LessonStudy.objects.filter(teacher=user), "community__name"),
            "planned": all_rows(LessonStudy.objects.filter(created_by=user), "community__name"),
            "observations": all_rows(Observation.objects.filter(observer=user), "study__title"),
            "log": all_rows(LogEntry.objects.filter(actor=user), "study__title"),
        }

    def files(self, user):
        studies = LessonStudy.objects.filter(created_by=user).exclude(lesson_plan_file="")
        return files_of(
            (f"lesson_plans/{s.pk}-{s.lesson_plan_filename or 'modul-ajar'}", s.lesson_plan_file)
            for s in studies
        )

    def erase(self, user, *, remove_public):
        if remove_public:
            Observation.objects.filter(observer=user).update(
                focus="", students_did="", evidence="", questions=""
            )
            LessonStudy.objects.filter(created_by=user).update(
                lesson_plan_file="", lesson_plan_filename=""
            )
