"""Participation levels: who carries the community, who takes part, who watches, who is away.

The rule, over the 60 days up to today (docs/insights.md):

- **core** (inti): 6 or more contributions;
- **active** (aktif): 1 to 5 contributions, or reading on 10 or more days without writing;
- **peripheral** (pinggiran): no contribution, reading on 1 to 9 days;
- **inactive** (tidak aktif): nothing at all.

A contribution is a post, a reply, an "applied in class" record, a value-creation story, a
meeting attended, a check-in on a learning plan or a reflection in the learning journal, in the
scope's communities (a source counts only when its app is installed). Reading is a day on which the
member opened the community. In a scope of several communities a member's activity in all of them
is added up.
"""

import datetime
from collections import Counter as Tally
from dataclasses import dataclass

from django.db.models import Count, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.communities.models import Membership
from komunitas.insights.measures import MEMBER_ROLES, installed
from komunitas.insights.models import Story
from komunitas.insights.scope import Scope
from komunitas.reads.models import ReadActivity

WINDOW_DAYS = 60
CORE_CONTRIBUTIONS = 6
ACTIVE_READING_DAYS = 10


class Level(TextChoices):
    CORE = "core", _("Core")
    ACTIVE = "active", _("Active")
    PERIPHERAL = "peripheral", _("Peripheral")
    INACTIVE = "inactive", _("Inactive")


def level_for(contributions: int, reading_days: int) -> str:
    if contributions >= CORE_CONTRIBUTIONS:
        return Level.CORE
    if contributions >= 1 or reading_days >= ACTIVE_READING_DAYS:
        return Level.ACTIVE
    if reading_days >= 1:
        return Level.PERIPHERAL
    return Level.INACTIVE


@dataclass
class Participation:
    user_id: int
    contributions: int
    reading_days: int

    @property
    def level(self) -> str:
        return level_for(self.contributions, self.reading_days)

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


def _by_person(qs, field: str):
    """(user id, how many) rows, to be read in one UNION ALL with the other kinds."""
    return qs.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")


def _contributions(communities, start, end) -> list:
    """One (user id, how many) query per kind of contribution in the window, by installed app."""
    window = {"created_at__gte": start, "created_at__lt": end}
    parts = [
        _by_person(Story.objects.alive().filter(community__in=communities, **window), "author")
    ]
    if installed("discussions"):
        from komunitas.discussions.models import ClassroomApplication, Post, Reply

        alive = {"deleted_at__isnull": True, "hidden_at__isnull": True}
        parts += [
            _by_person(Post.objects.filter(community__in=communities, **alive, **window), "author"),
            _by_person(
                Reply.objects.filter(post__community__in=communities, **alive, **window), "author"
            ),
            _by_person(
                ClassroomApplication.objects.filter(community__in=communities, **window), "member"
            ),
        ]
    if installed("meetings"):
        from komunitas.meetings.models import Attendance, Meeting

        held = Meeting.objects.alive().filter(
            community__in=communities,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        parts.append(_by_person(Attendance.objects.filter(meeting__in=held), "member"))
    if installed("journeys"):
        from komunitas.journeys.models import CheckIn, Reflection

        mine = {"deleted_at__isnull": True, **window}
        parts += [
            _by_person(
                CheckIn.objects.filter(
                    plan__community__in=communities, plan__deleted_at__isnull=True, **window
                ),
                "author",
            ),
            _by_person(Reflection.objects.filter(community__in=communities, **mine), "author"),
        ]
    return parts


def participation(scope: Scope, *, today: datetime.date | None = None) -> dict[int, Participation]:
    """Each member's contributions and reading days in the window, by user id."""
    today = today or timezone.localdate()
    first_day = today - datetime.timedelta(days=WINDOW_DAYS - 1)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    communities = scope.communities().values("pk")
    members = Membership.objects.filter(
        community__in=communities, status=Membership.Status.ACTIVE, role__in=MEMBER_ROLES
    )
    people = scope.people()
    if people is not None:
        members = members.filter(user__in=people.values("pk"))
    user_ids = set(members.order_by().values_list("user_id", flat=True).distinct())
    parts = _contributions(communities, start, end)
    contributions: Tally = Tally()
    for user_id, n in parts[0].union(*parts[1:], all=True):
        contributions[user_id] += n
    reading = dict(
        ReadActivity.objects.filter(community__in=communities, day__gte=first_day, day__lte=today)
        .values("user_id")
        .annotate(n=Count("day", distinct=True))
        .values_list("user_id", "n")
    )
    return {
        uid: Participation(uid, contributions.get(uid, 0), reading.get(uid, 0)) for uid in user_ids
    }


def distribution(found: dict[int, Participation]) -> list[tuple[str, str, int]]:
    """(level, label, how many members) in the order core, active, peripheral, inactive."""
    tally = Tally(p.level for p in found.values())
    return [(level.value, str(level.label), tally.get(level.value, 0)) for level in Level]
