"""The measures of a community's health by its five aims (DESIGN.md §1), computed in one place.

Each measure is defined in words in docs/insights.md and here in ``DEFINITIONS``. A measure
belongs to the app whose rows it counts; a measure of an app that is not installed is not shown
(never a made-up number). ``raw_figures(scope, period)`` does the counting, a few aggregate
queries per source whatever the size of the scope, and returns plain numbers that are cached;
``figures(scope, period)`` turns them into what the pages and reports show.
"""

import datetime
import statistics
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.communities.models import Membership
from komunitas.insights.models import Story
from komunitas.insights.period import Period
from komunitas.insights.scope import Kind, Scope
from komunitas.reads.models import ReadActivity

AIMS = {
    1: _("Mengedukasi anggota (educating members)"),
    2: _("Memberi dukungan (giving support)"),
    3: _("Mendampingi belajar (accompanying learning)"),
    4: _("Menyebarkan capaian (spreading achievements)"),
    5: _("Mengintegrasikan ke pekerjaan (integrating into work)"),
}
COUNT, PERCENT, HOURS = "count", "percent", "hours"
# The unit of a figure as a report's reader sees it, in their language.
UNITS = {COUNT: _("count"), PERCENT: _("percent"), HOURS: _("hours")}
MEMBER_ROLES = [Membership.Role.FASILITATOR, Membership.Role.ANGGOTA]


@dataclass(frozen=True)
class Definition:
    key: str
    aim: int
    label: str
    unit: str
    source: str  # the app whose rows are counted
    words: str  # the definition, as docs/insights.md gives it

    @property
    def unit_label(self) -> str:
        return str(UNITS[self.unit])


def _d(key, aim, label, unit, source, words):
    return Definition(key, aim, label, unit, source, words)


DEFINITIONS = [
    _d("questions", 1, _("Questions asked"), COUNT, "discussions",
       _("Posts of the kinds question and challenge written in the period.")),
    _d("answered_share", 1, _("Questions answered"), PERCENT, "discussions",
       _("Share of those questions that had at least one reply by the end of the period.")),
    _d("median_first_reply_hours", 1, _("Median time to the first reply"), HOURS, "discussions",
       _("The middle value of the hours from a question to its first reply, over the "
         "answered questions of the period.")),
    _d("solved_share", 1, _("Questions solved"), PERCENT, "discussions",
       _("Share of the period's questions with a reply marked as the solution.")),
    _d("library_added", 1, _("Library items added"), COUNT, "pustaka",
       _("Resources of the scope added to the library (pustaka) in the period.")),
    _d("library_used", 1, _("Library items used"), COUNT, "pustaka",
       _("Resources of the scope (added any time) that someone found useful or recorded "
         "“applied in class” during the period, each counted once.")),
    _d("library_downloads", 1, _("Library downloads (all time)"), COUNT, "pustaka",
       _("Downloads of every version of the scope's resources added by the period's end, "
         "counted since they were added (the library keeps no date per download).")),
    _d("library_views", 1, _("Library views (all time)"), COUNT, "pustaka",
       _("Views of the scope's resources added by the period's end, counted since they were "
         "added.")),
    _d("replies", 2, _("Replies"), COUNT, "discussions",
       _("Replies written in the period.")),
    _d("helpers", 2, _("Members who helped"), COUNT, "discussions",
       _("Distinct members who replied to a post of someone else in the period.")),
    _d("cross_school_share", 2, _("Help across schools"), PERCENT, "discussions",
       _("Share of the replies (where both people name a school) written by a teacher of "
         "another school than the post's author.")),
    _d("meetings_held", 2, _("Meetings held"), COUNT, "meetings",
       _("Meetings (not cancelled) that started in the period, up to now.")),
    _d("attendance_rate", 2, _("Meeting attendance"), PERCENT, "meetings",
       _("Check-ins at those meetings, as a share of the places: each meeting counts its "
         "community's members (fasilitators and anggota) today.")),
    _d("rhythm_adherence", 2, _("Rhythm kept"), PERCENT, "meetings",
       _("For one community: the meetings held in the period as a share of the dates its "
         "rhythm gave (or, without a rhythm, of the meetings scheduled).")),
    _d("newcomers_30", 3, _("Newcomers still active after 30 days"), PERCENT, "communities",
       _("Members who joined in a window as long as the period but ending 30 days before its "
         "end: the share of them who opened the community on a day 30 or more days after "
         "joining.")),
    _d("newcomers_90", 3, _("Newcomers still active after 90 days"), PERCENT, "communities",
       _("The same with 90 days: the members who joined in the window ending 90 days before "
         "the period's end, and the share who came back 90 or more days after joining.")),
    _d("active_plans", 3, _("Members with an active learning plan"), COUNT, "journeys",
       _("Distinct members with a learning plan accompanied by a community of the scope that "
         "was in progress during the period.")),
    _d("checkins_on_time_share", 3, _("Check-ins on time"), PERCENT, "journeys",
       _("Of the check-ins written in the period on those plans, the share written within the "
         "plan's rhythm (a week, two weeks or a month) after the previous check-in or, for the "
         "first, after the plan was made.")),
    _d("mentor_pairs", 3, _("Mentor pairs"), COUNT, "journeys",
       _("Pendampingan pairs of the scope's communities that were active during the period.")),
    _d("lesson_studies_taught", 3, _("Lesson studies taught"), COUNT, "lessonstudy",
       _("Lesson studies of the scope whose lesson was taught in the period with at least one "
         "colleague observing.")),
    _d("lesson_observers", 3, _("Members who observed a colleague"), COUNT, "lessonstudy",
       _("Distinct members who wrote observation notes on a lesson taught in the period.")),
    _d("good_practices", 4, _("Good practices shared"), COUNT, "discussions",
       _("Posts of the kind good practice written in the period.")),
    _d("featured", 4, _("Good practices featured"), COUNT, "discussions",
       _("Of those, the ones a fasilitator featured.")),
    _d("applied_by_others", 4, _("Good practices applied by others"), COUNT, "discussions",
       _("Good practices of the scope (from any time) for which someone other than the author "
         "recorded “applied in class” during the period.")),
    _d("shared_out", 4, _("Shared to other communities"), COUNT, "discussions",
       _("Posts of the scope shared into another community during the period.")),
    _d("applications", 5, _("“Applied in class” records"), COUNT, "discussions",
       _("Records of a practice tried in class written in the period.")),
    _d("outcome_better_share", 5, _("Applied with a better outcome"), PERCENT, "discussions",
       _("Share of those records whose outcome for the pupils was better.")),
    _d("action_items_done_share", 5, _("Action items done"), PERCENT, "meetings",
       _("Of the action items agreed at the meetings held in the period, the share marked "
         "done.")),
    _d("reflections", 5, _("Reflections written"), COUNT, "discussions",
       _("Posts of the kind reflection written in the period.")),
    _d("journal_reflections", 5, _("Journal reflections written"), COUNT, "journeys",
       _("Reflections of the members' learning journals written in the period (counted, "
         "never shown).")),
    _d("lesson_studies_concluded", 5, _("Lesson studies concluded"), COUNT, "lessonstudy",
       _("Lesson studies concluded in the period from the minutes of their reflection "
         "meeting.")),
    _d("stories", 5, _("Value-creation stories"), COUNT, "insights",
       _("Value-creation stories written in the period.")),
]  # fmt: skip
BY_KEY = {d.key: d for d in DEFINITIONS}


def installed(source: str) -> bool:
    return apps.is_installed(f"komunitas.{source}")


# --- counting ----------------------------------------------------------------------------------


class Counter:
    """The querysets of one scope and period, shared by the sources."""

    def __init__(self, scope: Scope, period: Period):
        self.scope, self.period = scope, period
        self.start, self.end = period.bounds()
        self.communities = scope.communities().values("pk")
        people = scope.people()
        self.people = None if people is None else people.values("pk")

    def by_people(self, qs, field: str):
        return qs if self.people is None else qs.filter(**{f"{field}__in": self.people})

    def in_period(self, field="created_at"):
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _median_hours(qs, n: int):
    """The median of ``first_reply_at - created_at`` in hours, reading at most two rows."""
    if not n:
        return None
    ordered = qs.annotate(wait=F("first_reply_at") - F("created_at")).order_by("wait")
    middle = list(ordered.values_list("wait", flat=True)[(n - 1) // 2 : n // 2 + 1])
    seconds = statistics.mean(w.total_seconds() for w in middle)
    return round(seconds / 3600, 1)


def _discussions(c: Counter) -> dict:
    from django.contrib.contenttypes.models import ContentType

    from komunitas.discussions.models import ClassroomApplication, Post, Reply

    ask = [Post.Kind.QUESTION, Post.Kind.CHALLENGE]
    alive = {"deleted_at__isnull": True, "hidden_at__isnull": True}
    posts = c.by_people(Post.objects.filter(community__in=c.communities, **alive), "author")
    p = posts.filter(c.in_period()).aggregate(
        questions=Count("pk", filter=Q(kind__in=ask)),
        answered=Count("pk", filter=Q(kind__in=ask, first_reply_at__lt=c.end)),
        solved=Count("pk", filter=Q(kind__in=ask, solved_at__lt=c.end)),
        good=Count("pk", filter=Q(kind=Post.Kind.GOOD_PRACTICE)),
        featured=Count("pk", filter=Q(kind=Post.Kind.GOOD_PRACTICE, is_featured=True)),
        reflections=Count("pk", filter=Q(kind=Post.Kind.REFLECTION)),
    )
    answered = posts.filter(c.in_period(), kind__in=ask, first_reply_at__lt=c.end)
    replies = c.by_people(
        Reply.objects.filter(post__community__in=c.communities, **alive), "author"
    ).filter(c.in_period())
    both_schools = Q(author__school__isnull=False, post__author__school__isnull=False)
    r = replies.aggregate(
        replies=Count("pk"),
        helpers=Count("author", distinct=True, filter=~Q(author=F("post__author"))),
        with_schools=Count("pk", filter=both_schools),
        cross=Count("pk", filter=both_schools & ~Q(author__school=F("post__author__school"))),
    )
    shared_out = (
        Post.objects.filter(shared_from__in=posts.values("pk"), **alive)
        .filter(c.in_period())
        .count()
    )
    applications = c.by_people(
        ClassroomApplication.objects.filter(community__in=c.communities), "member"
    ).filter(c.in_period())
    a = applications.aggregate(
        total=Count("pk"),
        better=Count("pk", filter=Q(outcome=ClassroomApplication.Outcome.BETTER)),
    )
    good_practices = posts.filter(kind=Post.Kind.GOOD_PRACTICE)
    applied_by_others = (
        ClassroomApplication.objects.filter(
            c.in_period(),
            target_type=ContentType.objects.get_for_model(Post),
            target_id__in=good_practices.values("pk"),
        )
        .annotate(
            practice_author=Subquery(
                Post.objects.filter(pk=OuterRef("target_id")).values("author_id")[:1]
            )
        )
        .exclude(member_id=F("practice_author"))
        .aggregate(n=Count("target_id", distinct=True))["n"]
    )
    return {
        "questions": p["questions"],
        "answered": p["answered"],
        "answered_share": _share(p["answered"], p["questions"]),
        "median_first_reply_hours": _median_hours(answered, p["answered"]),
        "solved": p["solved"],
        "solved_share": _share(p["solved"], p["questions"]),
        "replies": r["replies"],
        "helpers": r["helpers"],
        "cross_school": r["cross"],
        "cross_school_share": _share(r["cross"], r["with_schools"]),
        "good_practices": p["good"],
        "featured": p["featured"],
        "applied_by_others": applied_by_others,
        "shared_out": shared_out,
        "applications": a["total"],
        "outcome_better": a["better"],
        "outcome_better_share": _share(a["better"], a["total"]),
        "reflections": p["reflections"],
    }


def _retention(c: Counter, *spans: int) -> dict[int, tuple[int, int]]:
    """For each span of days: (newcomers, still active). The newcomers are the cohort that
    joined in a window as long as the period but ending ``span`` days before its end; still
    active are those who opened the community again on a day ``span`` or more days after
    joining (up to the period's end). One query reads the joins of every cohort."""
    windows = {
        span: Period(
            c.period.start - datetime.timedelta(days=span),
            c.period.end - datetime.timedelta(days=span),
        ).bounds()
        for span in spans
    }
    last_read = ReadActivity.objects.filter(
        user=OuterRef("user"), community=OuterRef("community"), day__lte=c.period.end
    ).order_by("-day")
    rows = list(
        c.by_people(
            Membership.objects.filter(
                community__in=c.communities,
                role__in=MEMBER_ROLES,
                joined_at__gte=min(start for start, _end in windows.values()),
                joined_at__lt=max(end for _start, end in windows.values()),
            ),
            "user",
        )
        .annotate(last_read=Subquery(last_read.values("day")[:1]))
        .values_list("joined_at", "last_read")
    )
    found = {}
    for span, (start, end) in windows.items():
        cohort = [(joined, last) for joined, last in rows if start <= joined < end]
        back = datetime.timedelta(days=span)
        kept = sum(
            1
            for joined, last in cohort
            if last and last >= timezone.localtime(joined).date() + back
        )
        found[span] = (len(cohort), kept)
    return found


def _communities(c: Counter) -> dict:
    members = c.by_people(
        Membership.objects.filter(
            community__in=c.communities, status=Membership.Status.ACTIVE, role__in=MEMBER_ROLES
        ),
        "user",
    ).aggregate(
        memberships=Count("pk"),
        members=Count("user", distinct=True),
    )
    readers = c.by_people(
        ReadActivity.objects.filter(
            community__in=c.communities, day__gte=c.period.start, day__lte=c.period.end
        ),
        "user",
    ).aggregate(n=Count("user", distinct=True))["n"]
    retention = _retention(c, 30, 90)
    (n30, kept30), (n90, kept90) = retention[30], retention[90]
    return {
        "communities": c.scope.communities().count(),
        "members": members["members"],
        "memberships": members["memberships"],
        "readers": readers,
        "newcomers_30_total": n30,
        "newcomers_30_kept": kept30,
        "newcomers_30": _share(kept30, n30),
        "newcomers_90_total": n90,
        "newcomers_90_kept": kept90,
        "newcomers_90": _share(kept90, n90),
    }


def _insights(c: Counter) -> dict:
    stories = c.by_people(
        Story.objects.alive().filter(community__in=c.communities), "author"
    ).filter(c.in_period())
    return {"stories": stories.count()}


def _meetings(c: Counter) -> dict:
    from komunitas.meetings.models import ActionItem, Attendance, Meeting

    held = Meeting.objects.alive().filter(
        community__in=c.communities,
        status=Meeting.Status.SCHEDULED,
        starts_at__gte=c.start,
        starts_at__lt=min(c.end, timezone.now()),
    )
    per_community = dict(
        held.order_by().values("community").annotate(n=Count("pk")).values_list("community", "n")
    )
    members = dict(
        c.by_people(
            Membership.objects.filter(
                community__in=list(per_community),
                status=Membership.Status.ACTIVE,
                role__in=MEMBER_ROLES,
            ),
            "user",
        )
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values_list("community", "n")
    )
    places = sum(n * members.get(community, 0) for community, n in per_community.items())
    attended = c.by_people(Attendance.objects.filter(meeting__in=held), "member").count()
    items = c.by_people(ActionItem.objects.alive().filter(meeting__in=held), "owner").aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=ActionItem.Status.DONE))
    )
    return {
        "meetings_held": sum(per_community.values()),
        "attendances": attended,
        "attendance_places": places,
        "attendance_rate": _share(attended, places),
        "action_items": items["total"],
        "action_items_done": items["done"],
        "action_items_done_share": _share(items["done"], items["total"]),
    }


def _rhythm(c: Counter) -> dict:
    """Rhythm adherence of a community's dashboard, as the meetings app counts it
    (``meetings.services.rhythm_adherence``) over exactly the period's days."""
    from komunitas.meetings.services import rhythm_adherence

    days = (c.period.end - c.period.start).days + 1
    kept = rhythm_adherence(
        c.scope.community,
        today=c.period.end + datetime.timedelta(days=1),
        months=days / 30.44,
    )
    return {
        "rhythm_held": kept["held"],
        "rhythm_planned": kept["planned"],
        "rhythm_adherence": kept["percent"],
    }


def _pustaka(c: Counter) -> dict:
    from django.contrib.contenttypes.models import ContentType

    from komunitas.discussions.models import ClassroomApplication
    from komunitas.pustaka.models import HelpfulVote, Resource, ResourceVersion

    mine = Q(community__in=c.communities)
    if c.scope.kind not in (Kind.COMMUNITY, Kind.REGENCY):
        mine |= Q(community__isnull=True)  # the common library: by its adders (or everything)
    resources = c.by_people(Resource.objects.alive().filter(mine), "added_by").filter(
        created_at__lt=c.end
    )
    useful = HelpfulVote.objects.filter(c.in_period()).values("resource_id")
    applied = ClassroomApplication.objects.filter(
        c.in_period(), target_type=ContentType.objects.get_for_model(Resource)
    ).values("target_id")
    r = resources.aggregate(
        added=Count("pk", filter=Q(created_at__gte=c.start)),
        used=Count("pk", filter=Q(pk__in=useful) | Q(pk__in=applied)),
        views=Sum("view_count", default=0),
    )
    downloads = ResourceVersion.objects.filter(resource__in=resources.values("pk")).aggregate(
        n=Sum("download_count", default=0)
    )["n"]
    return {
        "library_added": r["added"],
        "library_used": r["used"],
        "library_downloads": downloads,
        "library_views": r["views"],
    }


def _journeys(c: Counter) -> dict:
    from komunitas.journeys.models import CheckIn, LearningPlan, Mentorship, Reflection

    plans = c.by_people(
        LearningPlan.objects.filter(
            community__in=c.communities, deleted_at__isnull=True, created_at__lt=c.end
        ),
        "owner",
    )
    active = plans.filter(
        Q(status=LearningPlan.Status.ACTIVE) | Q(finished_at__gte=c.start)
    ).aggregate(n=Count("owner", distinct=True))["n"]
    previous = CheckIn.objects.filter(
        plan=OuterRef("plan"), created_at__lt=OuterRef("created_at")
    ).order_by("-created_at")
    checkins = (
        CheckIn.objects.filter(c.in_period(), plan__in=plans.values("pk"))
        .annotate(previous=Subquery(previous.values("created_at")[:1]))
        .values_list("created_at", "previous", "plan__created_at", "plan__checkin_every")
    )
    due = on_time = 0
    for written, before, made, every in checkins:
        since = timezone.localtime(before or made).date()
        due += 1
        on_time += (timezone.localtime(written).date() - since).days <= every
    pairs = Mentorship.objects.filter(community__in=c.communities, created_at__lt=c.end).filter(
        Q(status=Mentorship.Status.ACTIVE)
        | Q(status=Mentorship.Status.ENDED, ended_at__gte=c.start)
    )
    if c.people is not None:
        pairs = pairs.filter(Q(mentor__in=c.people) | Q(mentee__in=c.people))
    mine = Q(community__in=c.communities)
    if c.scope.kind not in (Kind.COMMUNITY, Kind.REGENCY):
        mine |= Q(community__isnull=True)  # a journal of one's own: by its author (or everything)
    reflections = c.by_people(
        Reflection.objects.filter(mine, c.in_period(), deleted_at__isnull=True), "author"
    )
    return {
        "active_plans": active,
        "checkins": due,
        "checkins_on_time": on_time,
        "checkins_on_time_share": _share(on_time, due),
        "mentor_pairs": pairs.count(),
        "journal_reflections": reflections.count(),
    }


def _lessonstudy(c: Counter) -> dict:
    from komunitas.lessonstudy.models import LessonStudy, Observation

    studies = c.by_people(
        LessonStudy.objects.alive().filter(community__in=c.communities), "teacher"
    )
    taught = studies.exclude(status=LessonStudy.Status.PLANNED).filter(
        starts_at__gte=c.start, starts_at__lt=min(c.end, timezone.now())
    )
    observers = c.by_people(
        Observation.objects.filter(study__in=taught.values("pk"), written_at__isnull=False),
        "observer",
    )
    return {
        "lesson_studies_taught": taught.filter(observations__isnull=False).distinct().count(),
        "lesson_observers": observers.aggregate(n=Count("observer", distinct=True))["n"],
        "lesson_studies_concluded": studies.filter(c.in_period("concluded_at")).count(),
    }


SOURCES = [
    ("communities", _communities),
    ("discussions", _discussions),
    ("meetings", _meetings),
    ("pustaka", _pustaka),
    ("journeys", _journeys),
    ("lessonstudy", _lessonstudy),
    ("insights", _insights),
]


# --- trends ------------------------------------------------------------------------------------


def _monthly(name: str, qs, field: str, bounds: list, count="pk", distinct=False):
    """One row (series, n₁ … n₆) of a monthly series: a filtered count per month, compared on the
    indexed column (no date function per row), to be read in one UNION ALL with the others."""
    counts = {
        f"m{i}": Count(count, distinct=distinct, filter=Q(**{f"{field}__gte": start,
                                                             f"{field}__lt": end}))
        for i, (start, end) in enumerate(bounds)
    }  # fmt: skip
    return (
        qs.order_by()
        .annotate(series=Value(name))
        .values("series")
        .annotate(**counts)
        .values_list("series", *counts)
    )


def _month_bounds(months: list[datetime.date], last: datetime.date, *, dates: bool):
    """[start, end) of each month, as dates or as aware datetimes in the current zone."""
    ends = [*months[1:], last + datetime.timedelta(days=1)]
    if dates:
        return list(zip(months, ends, strict=True))
    return [Period(start, end - datetime.timedelta(days=1)).bounds() for start, end in
            zip(months, ends, strict=True)]  # fmt: skip


def _trends(c: Counter) -> dict:
    """Monthly series over the six months up to the period's end, in one UNION ALL query."""
    months = c.period.months()
    start = c.period.trend_start()
    moments = _month_bounds(months, c.period.end, dates=False)
    days = _month_bounds(months, c.period.end, dates=True)
    window = {"created_at__gte": start, "created_at__lt": c.end}
    parts = [
        _monthly(
            "readers",
            c.by_people(
                ReadActivity.objects.filter(
                    community__in=c.communities, day__gte=months[0], day__lte=c.period.end
                ),
                "user",
            ),
            "day",
            days,
            count="user",
            distinct=True,
        ),
        _monthly(
            "joined",
            c.by_people(
                Membership.objects.filter(
                    community__in=c.communities,
                    role__in=MEMBER_ROLES,
                    joined_at__gte=start,
                    joined_at__lt=c.end,
                ),
                "user",
            ),
            "joined_at",
            moments,
        ),
    ]
    if installed("discussions"):
        from komunitas.discussions.models import ClassroomApplication, Post, Reply

        alive = {"deleted_at__isnull": True, "hidden_at__isnull": True}
        parts += [
            _monthly(
                "posts",
                c.by_people(
                    Post.objects.filter(community__in=c.communities, **alive, **window), "author"
                ),
                "created_at",
                moments,
            ),
            _monthly(
                "replies",
                c.by_people(
                    Reply.objects.filter(post__community__in=c.communities, **alive, **window),
                    "author",
                ),
                "created_at",
                moments,
            ),
            _monthly(
                "applications",
                c.by_people(
                    ClassroomApplication.objects.filter(community__in=c.communities, **window),
                    "member",
                ),
                "created_at",
                moments,
            ),
        ]
    if installed("meetings"):
        from komunitas.meetings.models import Attendance, Meeting

        held = Meeting.objects.alive().filter(
            community__in=c.communities,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=min(c.end, timezone.now()),
        )
        parts += [
            _monthly("meetings", held, "starts_at", moments),
            _monthly(
                "attendances",
                c.by_people(Attendance.objects.filter(meeting__in=held), "member"),
                "meeting__starts_at",
                moments,
            ),
        ]
    if installed("journeys"):
        from komunitas.journeys.models import CheckIn, Reflection

        mine = Q(community__in=c.communities)
        if c.scope.kind not in (Kind.COMMUNITY, Kind.REGENCY):
            mine |= Q(community__isnull=True)  # as the measure counts them
        parts += [
            _monthly(
                "checkins",
                c.by_people(
                    CheckIn.objects.filter(
                        plan__community__in=c.communities, plan__deleted_at__isnull=True, **window
                    ),
                    "author",
                ),
                "created_at",
                moments,
            ),
            _monthly(
                "journal",
                c.by_people(
                    Reflection.objects.filter(mine, deleted_at__isnull=True, **window), "author"
                ),
                "created_at",
                moments,
            ),
        ]
    series = {name: list(counts) for name, *counts in parts[0].union(*parts[1:], all=True)}
    if c.people is None:  # months rolled up by the retention job count from their totals
        from komunitas.insights.retention import monthly_readers

        for month, n in monthly_readers(c.communities, months).items():
            series.setdefault("readers", [0] * len(months))[months.index(month)] = n
    return {"months": [m.strftime("%Y-%m") for m in months], "series": series}


# --- the entry points --------------------------------------------------------------------------


def raw_figures(scope: Scope, period: Period) -> dict:
    """Every number of the scope and period, as plain data (dashboard.py caches it)."""
    c = Counter(scope, period)
    figures: dict = {}
    for source, compute in SOURCES:
        if installed(source):
            figures.update(compute(c))
    if scope.kind == Kind.COMMUNITY and installed("meetings"):
        figures.update(_rhythm(c))
    figures["trends"] = _trends(c)
    return figures


@dataclass
class Measure:
    definition: Definition
    value: float | int | None
    raw: dict

    @property
    def display(self) -> str:
        from django.utils.formats import number_format

        if self.value is None:
            return "–"
        if self.definition.unit == PERCENT:
            return f"{number_format(self.value, 1)} %"
        if self.definition.unit == HOURS:
            return str(_("%(hours)s h") % {"hours": number_format(self.value, 1)})
        return number_format(self.value, 0, force_grouping=True)


def measures_by_aim(raw: dict) -> list[tuple[int, str, list[Measure]]]:
    """The measures whose source is installed, grouped by aim, in the order of DEFINITIONS."""
    grouped = []
    for aim, label in AIMS.items():
        found = [
            Measure(d, raw.get(d.key), raw)
            for d in DEFINITIONS
            if d.aim == aim and installed(d.source) and d.key in raw
        ]
        if found:
            grouped.append((aim, label, found))
    return grouped
