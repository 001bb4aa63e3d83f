"""A member's practice portfolio: what they applied in class, the lesson studies they taught or
observed, the challenges their communities solved with them, the good practices they shared and
their reflections, as one timeline.

The timeline pages by a keyset over (day, source, id), newest first: each page runs one query per
source whatever the number of items, and nothing is skipped or repeated between pages.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.functions import TruncDate

from komunitas.discussions.models import ClassroomApplication, Post
from komunitas.journeys.models import Reflection
from komunitas.lessonstudy.models import LessonStudy, Observation

APPLIED, SOLVED, PRACTICE, REFLECTION = "applied", "solved", "practice", "reflection"
LESSON = "lesson_study"
RANKS = {LESSON: 4, APPLIED: 3, SOLVED: 2, PRACTICE: 1, REFLECTION: 0}
PER_PAGE = 20
PDF_LIMIT = 500


@dataclass
class Item:
    kind: str
    obj: object

    @property
    def day(self) -> datetime.date:
        return self.obj.day

    @property
    def key(self):
        return (self.day, RANKS[self.kind], self.obj.pk)

    @property
    def cursor(self) -> str:
        day, rank, pk = self.key
        return f"{day.isoformat()}.{rank}.{pk}"


def sources(member) -> dict:
    """Each source as a queryset annotated with its ``day``, newest first."""
    # The portfolio names its owner and is shown to partners: anonymous and members-only posts
    # stay out of it (docs/safe-space.md).
    posts = Post.objects.alive().filter(
        author=member, hidden_at__isnull=True, is_anonymous=False, members_only=False
    )
    posts = posts.select_related("community")
    observed = Observation.objects.filter(observer=member).values("study_id")
    lessons = (
        LessonStudy.objects.alive()
        .filter(Q(teacher=member) | Q(pk__in=observed))
        .exclude(status=LessonStudy.Status.PLANNED)
        .select_related("community")
        .annotate(day=TruncDate("starts_at"))
    )
    return {
        LESSON: lessons,
        APPLIED: ClassroomApplication.objects.filter(member=member)
        .select_related("phase", "community")
        .prefetch_related("target")
        .annotate(day=F("applied_on")),
        SOLVED: posts.filter(kind=Post.Kind.CHALLENGE, solved_at__isnull=False)
        .select_related("solution__author")
        .annotate(day=TruncDate("solved_at")),
        PRACTICE: posts.filter(kind=Post.Kind.GOOD_PRACTICE).annotate(day=TruncDate("created_at")),
        REFLECTION: Reflection.objects.alive()
        .filter(author=member)
        .select_related("shared_post")
        .annotate(day=F("written_on")),
    }


def parse_cursor(value: str):
    """``(day, rank, pk)`` from ``2026-03-02.3.17``, or None for the first page."""
    try:
        day, rank, pk = (value or "").split(".")
        return datetime.date.fromisoformat(day), int(rank), int(pk)
    except ValueError:
        return None


def _after(queryset, rank: int, cursor):
    if cursor is None:
        return queryset
    day, cursor_rank, pk = cursor
    if rank < cursor_rank:
        return queryset.filter(day__lte=day)
    if rank > cursor_rank:
        return queryset.filter(day__lt=day)
    return queryset.filter(Q(day__lt=day) | Q(day=day, pk__lt=pk))


def timeline_page(member, cursor=None, per_page=PER_PAGE) -> tuple[list[Item], str | None]:
    """One page of the timeline after ``cursor`` and the cursor of the next page (or None)."""
    items = []
    for kind, queryset in sources(member).items():
        page = _after(queryset, RANKS[kind], cursor).order_by("-day", "-pk")[: per_page + 1]
        items += [Item(kind, obj) for obj in page]
    items.sort(key=lambda item: item.key, reverse=True)
    more = len(items) > per_page
    items = items[:per_page]
    return items, (items[-1].cursor if more and items else None)


def portfolio_data(member) -> dict:
    """Everything for the PDF, newest first, each part bounded."""
    return {
        kind: list(queryset.order_by("-day", "-pk")[:PDF_LIMIT])
        for kind, queryset in zip(
            ("lessons", "applied", "solved", "practices", "reflections"),
            sources(member).values(),
            strict=True,
        )
    }
