"""Every measure against a hand-computed fixture (definitions in docs/insights.md)."""

import datetime

import pytest

from komunitas.insights.measures import DEFINITIONS, measures_by_aim, raw_figures
from komunitas.insights.period import Period
from komunitas.insights.scope import Kind, Scope
from tests.factories import make_user
from tests.insights.helpers import joined, reads, story

pytestmark = pytest.mark.django_db
PERIOD = Period(datetime.date(2026, 4, 2), datetime.date(2026, 6, 30))  # 90 days
D = datetime.date


def _scope(community):
    return Scope(Kind.COMMUNITY, community.slug, community=community)


def test_newcomers_still_active_after_30_and_90_days(public_community):
    c = public_community
    # Cohort for 30 days: joined 3 Mar – 31 May. For 90 days: joined 2 Jan – 1 Apr.
    m1 = joined(c, D(2026, 3, 10))  # both cohorts
    reads(m1, c, D(2026, 4, 15))  # ≥ 9 Apr: kept at 30; < 8 Jun: not kept at 90
    m2 = joined(c, D(2026, 5, 1))  # cohort 30
    reads(m2, c, D(2026, 5, 20))  # < 31 May: not kept
    joined(c, D(2026, 6, 10))  # too recent for either cohort
    m4 = joined(c, D(2026, 2, 1))  # cohort 90
    reads(m4, c, D(2026, 6, 1))  # ≥ 2 May: kept at 90
    joined(c, D(2026, 1, 15))  # cohort 90, never came back
    reads(m4, c, D(2026, 7, 5))  # after the period: ignored (m4 is kept anyway)

    raw = raw_figures(_scope(c), PERIOD)

    assert (raw["newcomers_30_total"], raw["newcomers_30_kept"], raw["newcomers_30"]) == (
        2,
        1,
        50.0,
    )
    assert (raw["newcomers_90_total"], raw["newcomers_90_kept"], raw["newcomers_90"]) == (
        3,
        1,
        33.3,
    )


def test_a_return_after_the_period_does_not_count(public_community):
    c = public_community
    m = joined(c, D(2026, 4, 10))
    reads(m, c, D(2026, 7, 20))
    raw = raw_figures(_scope(c), PERIOD)
    assert (raw["newcomers_30_total"], raw["newcomers_30_kept"]) == (1, 0)


def test_members_and_readers(public_community, member, fasilitator, partner):
    c = public_community
    reads(member, c, D(2026, 4, 2), D(2026, 5, 1))
    reads(fasilitator, c, D(2026, 4, 1))  # the day before the period
    reads(partner, c, D(2026, 6, 30))  # a mitra reads too
    raw = raw_figures(_scope(c), PERIOD)
    assert raw["communities"] == 1
    assert raw["members"] == 2  # fasilitator and anggota; the mitra is a partner
    assert raw["readers"] == 2  # Siti and Endang


def test_stories_of_the_period(public_community, member):
    story(member, public_community, D(2026, 4, 2))
    story(member, public_community, D(2026, 6, 30))
    story(member, public_community, D(2026, 7, 1))
    story(member, public_community, D(2026, 5, 5)).soft_delete()
    assert raw_figures(_scope(public_community), PERIOD)["stories"] == 2


def test_a_school_scope_counts_only_its_teachers(public_community, member, other_school):
    guest = make_user(school=other_school)
    joined(public_community, D(2026, 5, 1), user=guest)
    story(member, public_community, D(2026, 5, 2))
    story(guest, public_community, D(2026, 5, 3))
    school = member.school
    raw = raw_figures(Scope(Kind.SCHOOL, str(school.pk), school=school), PERIOD)
    assert raw["stories"] == 1
    assert raw["members"] == 2  # Siti and Ratna teach at SD Depok; the guest does not


def test_trends_are_monthly_over_six_months(public_community, member):
    c = public_community
    reads(member, c, D(2026, 1, 5), D(2026, 6, 1), D(2026, 6, 2))
    joined(c, D(2026, 6, 3))
    trends = raw_figures(_scope(c), PERIOD)["trends"]
    assert trends["months"] == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
    assert trends["series"]["readers"] == [1, 0, 0, 0, 0, 1]
    assert trends["series"]["joined"] == [0, 0, 0, 0, 0, 1]


def test_only_measures_of_installed_apps_are_shown(public_community):
    raw = raw_figures(_scope(public_community), PERIOD)
    shown = {m.definition.key for _aim, _label, found in measures_by_aim(raw) for m in found}
    from django.apps import apps

    for definition in DEFINITIONS:
        assert (definition.key in shown) == apps.is_installed(f"komunitas.{definition.source}")


def test_figures_count_the_installations_days_whoever_asks(public_community, member):
    """A question at 23.00 WIB on the period's last day is in the period, also when a member in
    WIT (01.00 the next day for them) is the one whose visit counts the dashboard."""
    import zoneinfo

    from django.utils import timezone

    from komunitas.insights.dashboard import compute
    from tests.insights.helpers import post

    post(public_community, member, "question", PERIOD.end, hour=23)  # 23.00 WIB
    with timezone.override(zoneinfo.ZoneInfo("Asia/Jayapura")):
        data = compute(_scope(public_community), PERIOD)
    assert data["raw"]["questions"] == 1
