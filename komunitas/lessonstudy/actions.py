"""Every change to lesson studies, and who hears of it (the one way to change the app's state).

Each ``do_*`` takes keyword arguments only, runs in one transaction, writes the study's log row
and announces what the teacher and the observers need to know with one call to
``komunitas.notifications.services.announce``. Actions check the rules of the domain (the teacher
is not an observer, observers are members, the stages follow each other, the reflection comes
after the lesson) and raise ``LessonStudyError`` with a message for the member; views check
permissions first.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models import Community
from komunitas.lessonstudy import notifications as kinds
from komunitas.lessonstudy.models import LessonStudy, LogEntry, Observation
from komunitas.lib import uploads
from komunitas.meetings.actions import do_create_meeting
from komunitas.meetings.models import Meeting
from komunitas.notifications.services import announce

REMIND_BEFORE = datetime.timedelta(hours=24)
Status = LessonStudy.Status


class LessonStudyError(Exception):
    """A change refused by the rules of a lesson study; ``str()`` is the message to show."""


def event_title(study: LessonStudy) -> str:
    when = date_format(study.local_start, "D j M Y, H.i")
    return f"{study.title} · {when} {study.zone_name}"


def _tell(kind: str, study: LessonStudy, people, *, by: User | None) -> None:
    to = sorted({person.pk for person in people if person is not None and person != by})
    if to:
        announce(
            kind,
            actor=by,
            target=study,
            title=event_title(study),
            url=study.get_absolute_url(),
            to=to,
        )


def _log(study: LessonStudy, action: str, by: User | None, note: str = "") -> None:
    LogEntry.objects.create(study=study, action=action, actor=by, note=note[:300])


def check_people(*, community: Community, teacher: User | None, observers) -> None:
    """The teacher is a fasilitator or anggota of the community, each observer a member, and the
    teacher does not observe their own lesson."""
    if teacher is None or community.role_of(teacher) not in ("fasilitator", "anggota"):
        raise LessonStudyError(_("The teacher must be a fasilitator or member of the community."))
    for observer in observers:
        if observer == teacher:
            raise LessonStudyError(_("The teacher cannot also observe their own lesson."))
        if community.role_of(observer) is None:
            raise LessonStudyError(
                _("%(name)s is not a member of the community.") % {"name": observer.full_name}
            )
    if not observers:
        raise LessonStudyError(_("Choose at least one observer."))


def _set_observers(study: LessonStudy, observers) -> list[User]:
    """Make the observers the given members; returns the ones new to the study. An observer who
    wrote notes stays (their notes are part of the study's record)."""
    wanted = {user.pk: user for user in observers}
    current = set(study.observations.values_list("observer_id", flat=True))
    leaving = study.observations.exclude(observer_id__in=wanted).select_related("observer")
    for observation in leaving:
        if observation.has_notes:
            raise LessonStudyError(
                _("%(name)s already wrote notes and stays an observer.")
                % {"name": observation.observer.full_name}
            )
    leaving.delete()
    new = [user for pk, user in wanted.items() if pk not in current]
    Observation.objects.bulk_create([Observation(study=study, observer=user) for user in new])
    study.observer_ids = set(wanted)
    return new


@uploads.atomic()
def do_plan_lesson_study(
    *,
    community: Community,
    by: User,
    fields: dict,
    teacher: User,
    observers: list[User],
    plan_file=None,
) -> LessonStudy:
    """Plan a lesson study; the teacher and the observers hear that they take part."""
    check_people(community=community, teacher=teacher, observers=observers)
    if fields["starts_at"] < timezone.now():
        raise LessonStudyError(_("Choose a time for the lesson in the future."))
    study = LessonStudy(community=community, teacher=teacher, created_by=by, **fields)
    if plan_file is not None:
        study.lesson_plan_filename = plan_file.name[:200]
        study.lesson_plan_file = plan_file
    if study.starts_at <= timezone.now() + REMIND_BEFORE:
        study.reminded_at = timezone.now()  # the announcement is the reminder
    study.save()
    _set_observers(study, observers)
    _log(study, LogEntry.Action.PLANNED, by)
    _tell(kinds.ASSIGNED, study, [teacher, *observers], by=by)
    return study


@uploads.atomic()
def do_update_lesson_study(
    *,
    study: LessonStudy,
    by: User,
    fields: dict,
    teacher: User,
    observers: list[User],
    plan_file=None,
    remove_file: bool = False,
) -> LessonStudy:
    """Change the plan; a new teacher or observer hears of it, and a moved lesson is reminded
    again."""
    if study.is_concluded:
        raise LessonStudyError(_("A concluded lesson study cannot be changed."))
    check_people(community=study.community, teacher=teacher, observers=observers)
    moved = fields["starts_at"] != study.starts_at
    if moved and study.status != Status.PLANNED:
        raise LessonStudyError(_("The lesson was already taught: its time cannot change."))
    if moved and fields["starts_at"] < timezone.now():
        raise LessonStudyError(_("Choose a time for the lesson in the future."))
    new_teacher = teacher.pk != study.teacher_id
    for name, value in fields.items():
        setattr(study, name, value)
    study.teacher = teacher
    if remove_file:
        study.lesson_plan_file, study.lesson_plan_filename = "", ""
    if plan_file is not None:
        study.lesson_plan_filename = plan_file.name[:200]
        study.lesson_plan_file = plan_file
    if moved:
        soon = study.starts_at <= timezone.now() + REMIND_BEFORE
        study.reminded_at = timezone.now() if soon else None
    study.save()
    new = _set_observers(study, observers)
    _log(study, LogEntry.Action.CHANGED, by)
    _tell(kinds.ASSIGNED, study, [*new, teacher if new_teacher else None], by=by)
    return study


@transaction.atomic
def do_mark_taught(*, study: LessonStudy, by: User) -> LessonStudy:
    """The lesson was taught: the observers write their notes."""
    if study.status != Status.PLANNED:
        raise LessonStudyError(_("This lesson study is past that stage."))
    if not study.has_started():
        raise LessonStudyError(_("The lesson has not started yet."))
    study.status = Status.OBSERVING
    study.save(update_fields=["status", "updated_at"])
    _log(study, LogEntry.Action.TAUGHT, by)
    return study


@transaction.atomic
def do_save_observation(
    *, study: LessonStudy, observer: User, focus: str, students_did: str, evidence: str,
    questions: str,
) -> Observation:  # fmt: skip
    """Save the observer's own notes; the first notes after the lesson began move the study on
    from "planned"."""
    observation = Observation.objects.select_for_update().filter(study=study, observer=observer)
    found = observation.first()
    if found is None:
        raise LessonStudyError(_("Only the observers of this lesson write notes on it."))
    if study.is_concluded:
        raise LessonStudyError(_("A concluded lesson study cannot be changed."))
    found.focus, found.students_did = focus.strip(), students_did.strip()
    found.evidence, found.questions = evidence.strip(), questions.strip()
    found.written_at = timezone.now()
    found.save()
    if study.status == Status.PLANNED:
        if not study.has_started():
            raise LessonStudyError(_("The lesson has not started yet."))
        study.status = Status.OBSERVING
        study.save(update_fields=["status", "updated_at"])
        _log(study, LogEntry.Action.TAUGHT, observer)
    return found


def _check_reflection(study: LessonStudy, meeting: Meeting) -> None:
    if study.status not in (Status.OBSERVING, Status.REFLECTION):
        raise LessonStudyError(_("The reflection comes after the lesson was taught."))
    if meeting.community_id != study.community_id or meeting.deleted_at is not None:
        raise LessonStudyError(_("Choose a meeting of this community."))
    if meeting.is_cancelled:
        raise LessonStudyError(_("That meeting was cancelled."))
    if meeting.starts_at < study.starts_at:
        raise LessonStudyError(_("The reflection meeting must come after the lesson."))


@transaction.atomic
def do_link_reflection(*, study: LessonStudy, meeting: Meeting, by: User) -> LessonStudy:
    """Make a meeting of the community the study's reflection meeting."""
    _check_reflection(study, meeting)
    study.reflection_meeting = meeting
    study.status = Status.REFLECTION
    study.save(update_fields=["reflection_meeting", "status", "updated_at"])
    _log(study, LogEntry.Action.REFLECTION, by, meeting.title)
    return study


@transaction.atomic
def do_schedule_reflection(*, study: LessonStudy, meeting: Meeting, by: User) -> LessonStudy:
    """Schedule a new meeting of the community (komunitas.meetings, whose members hear of it)
    and make it the study's reflection meeting."""
    meeting.community = study.community
    _check_reflection(study, meeting)
    do_create_meeting(meeting=meeting, by=by)
    return do_link_reflection(study=study, meeting=meeting, by=by)


@transaction.atomic
def do_conclude(*, study: LessonStudy, conclusion: str, by: User) -> LessonStudy:
    """Conclude the study from its reflection meeting's published minutes; the participants
    hear of it."""
    meeting = study.reflection_meeting
    if study.status != Status.REFLECTION or meeting is None:
        raise LessonStudyError(_("Link the reflection meeting first."))
    if not meeting.minutes_published:
        raise LessonStudyError(
            _("Publish the minutes of the reflection meeting first: they conclude the study.")
        )
    if not conclusion.strip():
        raise LessonStudyError(_("Write what the group concluded."))
    study.conclusion = conclusion.strip()
    study.status = Status.CONCLUDED
    study.concluded_at = timezone.now()
    study.save(update_fields=["conclusion", "status", "concluded_at", "updated_at"])
    _log(study, LogEntry.Action.CONCLUDED, by)
    observers = list(User.objects.filter(observations__study=study))
    _tell(kinds.CONCLUDED, study, [study.teacher, *observers], by=by)
    return study


@transaction.atomic
def do_delete_lesson_study(*, study: LessonStudy, by: User, reason: str = "") -> LessonStudy:
    """Remove a lesson study (kept, marked deleted, logged with the reason)."""
    study.deleted_at = timezone.now()
    study.save(update_fields=["deleted_at", "updated_at"])
    _log(study, LogEntry.Action.DELETED, by, reason.strip())
    return study


@transaction.atomic
def do_send_reminder(*, study: LessonStudy, now: datetime.datetime) -> bool:
    """Claim the day-before reminder with a conditional update and announce it to the teacher
    and the observers; False when another run claimed it first."""
    claimed = LessonStudy.objects.filter(pk=study.pk, reminded_at__isnull=True)
    if not claimed.update(reminded_at=now):
        return False
    observers = list(User.objects.filter(observations__study=study))
    _tell(kinds.REMINDER, study, [study.teacher, *observers], by=None)
    return True


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """Remind the participants of every planned lesson study within a day; each once."""
    now = now or timezone.now()
    due = (
        LessonStudy.objects.alive()
        .filter(
            status=Status.PLANNED,
            reminded_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + REMIND_BEFORE,
        )
        .select_related("community", "teacher")
    )
    return sum(do_send_reminder(study=study, now=now) for study in due)
