"""A member's JP, counted from the real records: meetings they checked in to (meetings'
attendance), practices they reported applying in class (discussions) and lesson studies they
taught or observed (lessonstudy: once taught, not while only planned), in a period.

Days are the installation's calendar days (``TIME_ZONE``), so a certificate counts the same
meetings whoever looks at it. Every function here runs a fixed number of queries, however many
communities or records there are.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from komunitas.certificates.models import JpRules
from komunitas.discussions.models import ClassroomApplication
from komunitas.lessonstudy.models import LessonStudy
from komunitas.meetings.models import Attendance, Meeting


@dataclass
class Hours:
    rules: JpRules
    meetings: int = 0
    practices: int = 0
    lesson_studies: int = 0
    activities: list = field(default_factory=list)

    @property
    def uncapped(self) -> int:
        return (
            self.meetings * self.rules.per_meeting
            + self.practices * self.rules.per_practice
            + self.lesson_studies * self.rules.per_lesson_study
        )

    @property
    def total(self) -> int:
        return min(self.uncapped, self.rules.effective_cap)

    @property
    def capped(self) -> bool:
        return self.uncapped > self.rules.effective_cap


def bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period from the start of ``start`` to the end of ``end``, in the installation's zone."""
    zone = timezone.get_default_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    return first, after.replace(tzinfo=zone)


def _attended(member, community_ids, start, end):
    first, after = bounds(start, end)
    return Attendance.objects.filter(
        member=member,
        meeting__community__in=community_ids,
        meeting__deleted_at__isnull=True,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__starts_at__gte=first,
        meeting__starts_at__lt=after,
    )


def _applied(member, community_ids, start, end):
    return ClassroomApplication.objects.filter(
        member=member, community__in=community_ids, applied_on__range=(start, end)
    )


def _lesson_studies(member, community_ids, start, end):
    """The lesson studies ``member`` taught or observed whose lesson was in the period and was
    taught (a planned one counts once it is taught)."""
    first, after = bounds(start, end)
    return (
        LessonStudy.objects.alive()
        .with_participant(member)
        .filter(community__in=community_ids, starts_at__gte=first, starts_at__lt=after)
        .exclude(status=LessonStudy.Status.PLANNED)
    )


def hours_of(member, rules: list[JpRules], start, end) -> dict[int, Hours]:
    """``{community_id: Hours}`` for each of ``rules``' communities (three queries)."""
    found = {r.community_id: Hours(r) for r in rules}
    if not found:
        return found
    meetings = (
        _attended(member, list(found), start, end)
        .values("meeting__community")
        .annotate(n=Count("pk"))
    )
    for row in meetings:
        found[row["meeting__community"]].meetings = row["n"]
    practices = (
        _applied(member, list(found), start, end).values("community").annotate(n=Count("pk"))
    )
    for row in practices:
        found[row["community"]].practices = row["n"]
    studies = (
        LessonStudy.objects.filter(pk__in=_lesson_studies(member, list(found), start, end))
        .values("community")
        .annotate(n=Count("pk"))
    )
    for row in studies:
        found[row["community"]].lesson_studies = row["n"]
    return found


def count_for_certificate(member, rules: JpRules, start, end) -> Hours:
    """The hours of one community with the activities listed one by one, as a certificate
    says them: ``[date, kind, description, JP]`` (plain values, stored as JSON when issued)."""
    hours = Hours(rules)
    ids = [rules.community_id]
    attended = (
        _attended(member, ids, start, end)
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )
    for a in attended:
        day = timezone.localtime(a.meeting.starts_at, timezone.get_default_timezone()).date()
        hours.activities.append([day.isoformat(), "meeting", a.meeting.title, rules.per_meeting])
    applied = _applied(member, ids, start, end).order_by("applied_on", "pk")
    for a in applied.only("applied_on", "class_name"):
        description = _("Practice applied in class %(class)s") % {"class": a.class_name}
        hours.activities.append(
            [a.applied_on.isoformat(), "practice", description, rules.per_practice]
        )
    studies = _lesson_studies(member, ids, start, end).order_by("starts_at", "pk")
    for study in studies.only("starts_at", "title", "teacher_id"):
        day = timezone.localtime(study.starts_at, timezone.get_default_timezone()).date()
        role = _("taught") if study.teacher_id == member.pk else _("observed")
        description = f"{study.title} ({role})"
        hours.activities.append([day.isoformat(), "lesson", description, rules.per_lesson_study])
    hours.meetings = sum(1 for row in hours.activities if row[1] == "meeting")
    hours.practices = sum(1 for row in hours.activities if row[1] == "practice")
    hours.lesson_studies = sum(1 for row in hours.activities if row[1] == "lesson")
    hours.activities.sort(key=lambda row: row[0])
    return hours


def activity_label(kind: str) -> str:
    if kind == "lesson":
        return _("Lesson study")
    return _("Meeting attended") if kind == "meeting" else _("Practice applied in class")


def readable_activities(activities: list) -> list[tuple[str, str, str, int]]:
    """The stored activities as (date, kind, description, JP) to show or print."""
    rows = []
    for day, kind, description, jp in activities:
        shown = date_format(datetime.date.fromisoformat(day), "j F Y")
        rows.append((shown, activity_label(kind), description, jp))
    return rows


def hours_for_requests(rules: JpRules, certificates) -> dict[int, Hours]:
    """``{certificate_id: Hours}`` for requests of one community, each over its own period and
    member, in two queries whatever their number (the fasilitators' page)."""
    certificates = list(certificates)
    found = {c.pk: Hours(rules) for c in certificates}
    if not certificates:
        return found
    members = {c.member_id for c in certificates}
    start = min(c.period_start for c in certificates)
    end = max(c.period_end for c in certificates)
    first, after = bounds(start, end)
    zone = timezone.get_default_timezone()
    attended = Attendance.objects.filter(
        member__in=members,
        meeting__community=rules.community_id,
        meeting__deleted_at__isnull=True,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__starts_at__gte=first,
        meeting__starts_at__lt=after,
    ).values_list("member_id", "meeting__starts_at")
    days = [(m, timezone.localtime(at, zone).date()) for m, at in attended]
    applied = list(
        ClassroomApplication.objects.filter(
            member__in=members, community=rules.community_id, applied_on__range=(start, end)
        ).values_list("member_id", "applied_on")
    )
    for c in certificates:
        hours = found[c.pk]
        period = (c.period_start, c.period_end)
        hours.meetings = sum(1 for m, d in days if m == c.member_id and _in(d, period))
        hours.practices = sum(1 for m, d in applied if m == c.member_id and _in(d, period))
    return found


def _in(day, period) -> bool:
    return period[0] <= day <= period[1]
