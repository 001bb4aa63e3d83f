"""Fetch a lesson study and check access in one step (the only way views get one)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from komunitas.communities.access import log_operator_access
from komunitas.lessonstudy.models import LessonStudy
from komunitas.permissions import can


def access_lesson_study(user, pk: int, action: str = "lesson_study.view") -> LessonStudy:
    """The lesson study if the user may see it (Http404 otherwise: a private community's study
    never shows that it exists) and do ``action`` (PermissionDenied otherwise)."""
    study = (
        LessonStudy.objects.alive()
        .select_related("community", "teacher", "subject", "phase", "reflection_meeting")
        .filter(pk=pk)
        .first()
    )
    if study is None or not can(user, "lesson_study.view", study):
        raise Http404
    log_operator_access(user, study.community)
    if action != "lesson_study.view" and not can(user, action, study):
        raise PermissionDenied
    return study
