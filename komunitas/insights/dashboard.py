"""What a dashboard and a report show for a scope and a period, built once for both."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from komunitas.communities.models import Community, Membership
from komunitas.insights import measures, stage
from komunitas.insights.charts import Chart, Series
from komunitas.insights.models import Snapshot
from komunitas.insights.participation import Level, distribution, participation
from komunitas.insights.period import Period
from komunitas.insights.scope import Kind, Scope

REGIONAL = (Kind.REGENCY, Kind.INSTALLATION, Kind.SUPERVISION)


def _month_label(key: str) -> str:
    import datetime

    from django.utils.formats import date_format

    return date_format(datetime.date.fromisoformat(key + "-01"), "M Y")


def trend_charts(raw: dict) -> list[Chart]:
    trends = raw["trends"]
    labels = [_month_label(m) for m in trends["months"]]
    series = trends["series"]
    charts = []
    activity = [
        (key, name)
        for key, name in (
            ("posts", _("Posts")),
            ("replies", _("Replies")),
            ("applications", _("Applied in class")),
        )
        if key in series
    ]
    if activity:
        charts.append(
            Chart(
                "activity",
                _("Posts, replies and “applied in class” by month"),
                labels,
                [Series(name, series[key]) for key, name in activity],
            )
        )
    practice = [
        (key, name)
        for key, name in (
            ("meetings", _("Meetings held")),
            ("attendances", _("Attendances")),
            ("checkins", _("Learning plan check-ins")),
            ("journal", _("Journal reflections")),
        )
        if key in series
    ]
    if practice:
        charts.append(
            Chart(
                "practice",
                _("Meetings, attendance and learning journals by month"),
                labels,
                [Series(name, series[key]) for key, name in practice],
            )
        )
    charts.append(
        Chart(
            "people",
            _("Members reading and members joining by month"),
            labels,
            [
                Series(_("Members who read"), series["readers"]),
                Series(_("New members"), series["joined"]),
            ],
        )
    )
    return charts


def levels_chart(rows: list) -> Chart:
    return Chart(
        "levels",
        _("Participation in the last 60 days"),
        [label for _level, label, _n in rows],
        [Series(_("Members"), [n for _level, _label, n in rows])],
        kind="bar",
    )


def region_figures(scope: Scope) -> dict:
    """Communities by kind and by stage, and the schools with and without a community."""
    rows = list(scope.communities().values_list("kind", "stage").annotate(n=Count("pk")))
    by_kind = dict.fromkeys(Community.Kind.values, 0)
    by_stage = dict.fromkeys(Community.Stage.values, 0)
    for kind, declared, n in rows:
        by_kind[kind] = by_kind.get(kind, 0) + n
        by_stage[declared] = by_stage.get(declared, 0) + n
    schools = scope.region_schools()
    live = Community.objects.alive().values("pk")
    with_members = Membership.objects.filter(
        community__in=live,
        status=Membership.Status.ACTIVE,
        role__in=measures.MEMBER_ROLES,
        user__school__isnull=False,
    ).values("user__school")
    linked = Community.schools.through.objects.filter(community__in=live).values("school")
    counts = schools.aggregate(
        total=Count("pk"),
        with_community=Count("pk", filter=Q(pk__in=with_members) | Q(pk__in=linked)),
    )
    return {
        "by_kind": list(by_kind.items()),
        "by_stage": list(by_stage.items()),
        "schools_total": counts["total"],
        "schools_with": counts["with_community"],
        "schools_without": counts["total"] - counts["with_community"],
    }


def region_charts(region: dict) -> list[Chart]:
    return [
        Chart(
            "stages",
            _("Communities by stage"),
            [str(Community.Stage(code).label) for code, _n in region["by_stage"]],
            [Series(_("Communities"), [n for _code, n in region["by_stage"]])],
            kind="bar",
        ),
        Chart(
            "kinds",
            _("Communities by kind"),
            [str(Community.Kind(code).label) for code, _n in region["by_kind"]],
            [Series(_("Communities"), [n for _code, n in region["by_kind"]])],
            kind="bar",
        ),
        Chart(
            "schools",
            _("Schools with and without a community"),
            [_("With a community"), _("Without a community")],
            [Series(_("Schools"), [region["schools_with"], region["schools_without"]])],
            kind="bar",
        ),
    ]


def schools_without_community(scope: Scope):
    """The schools of a region where no teacher is in a community yet (for the dinas)."""
    live = Community.objects.alive().values("pk")
    with_members = Membership.objects.filter(
        community__in=live, status=Membership.Status.ACTIVE, role__in=measures.MEMBER_ROLES
    ).values("user__school")
    linked = Community.schools.through.objects.filter(community__in=live).values("school")
    return (
        scope.region_schools()
        .exclude(pk__in=with_members)
        .exclude(pk__in=linked)
        .select_related("district")
        .order_by("name")
    )


def compute(scope: Scope, period: Period) -> dict:
    """Count everything a dashboard shows, as plain JSON-able data. Days are the installation's
    calendar days whoever asks (a member in WITA, the worker): a snapshot is shared by everyone
    who sees the scope, so it must not depend on the zone of the first visitor."""
    with timezone.override(timezone.get_default_timezone()):
        levels = participation(scope)
        return {
            "raw": measures.raw_figures(scope, period),
            "level_rows": [(level, n) for level, _label, n in distribution(levels)],
            "region": region_figures(scope) if scope.kind in REGIONAL else None,
            "stage_facts": stage.facts(scope.community, levels)
            if scope.kind == Kind.COMMUNITY
            else None,
        }


def store(scope: Scope, period: Period) -> Snapshot:
    data = compute(scope, period)
    snapshot, _created = Snapshot.objects.update_or_create(
        scope_key=scope.cache_key,
        days=period.days,
        defaults={
            "period_start": period.start,
            "period_end": period.end,
            "data": data,
            "computed_at": timezone.now(),
            "refresh_requested_at": None,
        },
    )
    return snapshot


class NotCountedYet(Exception):
    """A large scope's figures are being counted by the worker for the first time."""


def _count_in_background(scope: Scope, period: Period):
    from komunitas.insights.tasks import refresh_snapshot

    kind, ref, days = scope.kind, scope.ref, period.days
    transaction.on_commit(lambda: refresh_snapshot.enqueue(kind, ref, days), robust=True)


def is_small(scope: Scope) -> bool:
    """Small enough to count (or build a report of) during the request."""
    memberships = Membership.objects.filter(
        community__in=scope.communities().values("pk"), status=Membership.Status.ACTIVE
    )
    return memberships.count() <= settings.INSIGHTS_INLINE_MEMBERS


def figures(scope: Scope, period: Period) -> tuple[dict, "datetime.datetime"]:
    """The dashboard's figures and when they were counted, from the snapshot. The first time,
    a small scope is counted here and a large one by the worker (``NotCountedYet``); a stale
    snapshot is shown while the worker counts again."""
    snapshot = Snapshot.objects.filter(scope_key=scope.cache_key, days=period.days).first()
    if snapshot is None:
        if not is_small(scope):
            if cache.add(f"insights:counting:{scope.cache_key}:{period.days}", 1, 600):
                _count_in_background(scope, period)
            raise NotCountedYet
        snapshot = store(scope, period)
    elif (
        snapshot.is_stale(period, max_age=settings.INSIGHTS_REFRESH_SECONDS)
        and snapshot.claim_refresh()
    ):
        _count_in_background(scope, period)
    return snapshot.data, snapshot.computed_at


def build(scope: Scope, period: Period, *, fresh: bool = False) -> dict:
    """Everything a dashboard and a report show: measures, charts, participation, stage.

    A report (``fresh``) counts now; a dashboard reads its snapshot."""
    if fresh:
        data, computed_at = compute(scope, period), timezone.now()
    else:
        data, computed_at = figures(scope, period)
    raw, region = data["raw"], data["region"]
    level_rows = [(level, str(Level(level).label), n) for level, n in data["level_rows"]]
    charts = trend_charts(raw) + [levels_chart(level_rows)]
    if region:
        charts += region_charts(region)
    return {
        "scope": scope,
        "period": period,
        "raw": raw,
        "aims": measures.measures_by_aim(raw),
        "level_rows": level_rows,
        "charts": charts,
        "region": region,
        "suggestion": stage.Suggestion(data["stage_facts"]) if data["stage_facts"] else None,
        "computed_at": computed_at,
    }
