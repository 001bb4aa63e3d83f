"""Fetch a member's learning object and check access in one step (the only way views get one).

Each raises Http404 when the user may not see the object, so nobody learns that a private plan
exists, and PermissionDenied when they may see but not change it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from komunitas.journeys.models import LearningPlan, Mentorship, Reflection, Training
from komunitas.permissions import can


def _check(user, obj, view: str, change: str | None):
    if obj is None or not can(user, view, obj):
        raise Http404
    if change and not can(user, change, obj):
        raise PermissionDenied
    return obj


def access_plan(user, pk, *, edit=False) -> LearningPlan:
    plan = (
        LearningPlan.objects.alive()
        .select_related("owner", "community", "pendamping")
        .filter(pk=pk)
        .first()
    )
    return _check(user, plan, "plan.view", "plan.edit" if edit else None)


def access_reflection(user, pk, *, edit=False) -> Reflection:
    reflection = (
        Reflection.objects.alive()
        .select_related("author", "community", "shared_post__community")
        .filter(pk=pk)
        .first()
    )
    return _check(user, reflection, "reflection.view", "reflection.edit" if edit else None)


def access_training(user, pk) -> Training:
    training = Training.objects.alive().filter(pk=pk).first()
    return _check(user, training, "training.view", "training.edit")


def access_mentorship(user, pk, action: str) -> Mentorship:
    mentorship = (
        Mentorship.objects.select_related("community", "mentor", "mentee").filter(pk=pk).first()
    )
    return _check(user, mentorship, "mentorship.view", action)
