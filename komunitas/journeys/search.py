"""Plans and reflections in the search, found only by whom they are shared with (their own
``visible_to``, the same rule as the pages)."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from komunitas.journeys.models import Goal, LearningPlan, Reflection
from komunitas.lib.markdown import plain_text
from komunitas.search.registry import Document, register


def plan_document(plan: LearningPlan) -> Document | None:
    if plan.deleted_at:
        return None
    goals = [f"{g.practice} {g.why} {g.success_indicators}" for g in plan.goals.all()]
    bagja = (plan.bagja_question, plan.bagja_lessons, plan.bagja_dream, plan.bagja_plan)
    return Document(
        title=plan.title,
        body=plain_text("\n\n".join([*goals, plan.support_needed, *bagja])),
        url=plan.get_absolute_url(),
        created_at=plan.created_at,
        community=plan.community,
        author=plan.owner,
    )


def written_at(reflection: Reflection) -> datetime.datetime:
    """The reflection's own date (its author may date it back), at noon, so it is the same
    day in every Indonesian zone."""
    noon = datetime.time(12, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return datetime.datetime.combine(reflection.written_on, noon)


def reflection_document(reflection: Reflection) -> Document | None:
    if reflection.deleted_at:
        return None
    return Document(
        title=reflection.title,
        body=plain_text(reflection.as_markdown()),
        url=reflection.get_absolute_url(),
        created_at=written_at(reflection),
        community=reflection.community,
        author=reflection.author,
    )


register(
    "journeys.learningplan",
    model=LearningPlan,
    label=_("Learning plans"),
    document=plan_document,
    visible_to=lambda user: LearningPlan.objects.visible_to(user),
    queryset=lambda: LearningPlan.objects.select_related("community", "owner").prefetch_related(
        "goals"
    ),
    related={Goal: lambda goal: [goal.plan]},
)
register(
    "journeys.reflection",
    model=Reflection,
    label=_("Reflections"),
    document=reflection_document,
    visible_to=lambda user: Reflection.objects.visible_to(user),
    queryset=lambda: Reflection.objects.select_related("community", "author"),
)
