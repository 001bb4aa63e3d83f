"""Who may see and do what with lesson studies (see komunitas/permissions.py).

The plan (the lesson, the question, who teaches and observes, when), its stage and its
conclusion are seen by whoever may see the community, as its meetings are: its members and
partners, anyone for a public community, nobody outside a private one. The observers' notes are
about a colleague's teaching: only the participants (the teacher and the observers) and the
community's fasilitators read them; partners and operators do not. A fasilitator or anggota
plans one; the fasilitators, the member who planned it and the teacher run it; each observer
writes only their own notes.
"""

from komunitas.communities.models import Membership
from komunitas.lessonstudy.models import LessonStudy
from komunitas.permissions import can, rule

Role = Membership.Role


def _alive(study: LessonStudy) -> bool:
    return study.deleted_at is None and study.community.deleted_at is None


def is_observer(study: LessonStudy, user) -> bool:
    """Whether the user observes the study (``observer_ids`` when the page loaded them)."""
    ids = getattr(study, "observer_ids", None)
    if ids is None:
        ids = set(study.observations.values_list("observer_id", flat=True))
        study.observer_ids = ids
    return getattr(user, "pk", None) in ids


def is_participant(study: LessonStudy, user) -> bool:
    return study.teacher_id == getattr(user, "pk", None) or is_observer(study, user)


@rule("lesson_study.create")
def _create(user, community):
    return community.deleted_at is None and community.role_of(user) in (
        Role.FASILITATOR,
        Role.ANGGOTA,
    )


@rule("lesson_study.view")
def _view(user, study: LessonStudy):
    return _alive(study) and can(user, "community.view", study.community)


@rule("lesson_study.view_notes")
def _view_notes(user, study: LessonStudy):
    """The observation sheet: the participants (still members) and the fasilitators."""
    if not _alive(study):
        return False
    role = study.role_of(user)
    if role == Role.FASILITATOR:
        return True
    return role is not None and is_participant(study, user)


@rule("lesson_study.manage")
def _manage(user, study: LessonStudy):
    """Change the plan, mark it taught, link the reflection meeting, conclude."""
    if not _alive(study) or study.is_concluded:
        return False
    role = study.role_of(user)
    if role == Role.FASILITATOR:
        return True
    me = getattr(user, "pk", None)
    return role == Role.ANGGOTA and me in (study.teacher_id, study.created_by_id)


@rule("lesson_study.observe")
def _observe(user, study: LessonStudy):
    """Write one's own notes: an observer who is still a member, once the lesson started."""
    return (
        _alive(study)
        and not study.is_concluded
        and (study.status != LessonStudy.Status.PLANNED or study.has_started())
        and study.role_of(user) is not None
        and is_observer(study, user)
    )


@rule("lesson_study.delete")
def _delete(user, study: LessonStudy):
    if not _alive(study):
        return False
    role = study.role_of(user)
    return role == Role.FASILITATOR or (
        role == Role.ANGGOTA and study.created_by_id == getattr(user, "pk", None)
    )
