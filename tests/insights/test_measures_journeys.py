"""Learning plans, check-ins on time, mentor pairs and journal reflections, by hand."""

import datetime

import pytest

from komunitas.communities.actions import do_add_member
from komunitas.insights.measures import raw_figures
from komunitas.insights.period import Period
from komunitas.insights.scope import Kind, Scope
from komunitas.journeys.models import CheckIn, LearningPlan, Mentorship, Reflection
from tests.factories import make_user
from tests.insights.helpers import at

pytestmark = pytest.mark.django_db
PERIOD = Period(datetime.date(2026, 4, 2), datetime.date(2026, 6, 30))
D = datetime.date


def _plan(owner, community, on, every, *checkins, **fields):
    plan = LearningPlan.objects.create(
        owner=owner, community=community, title=f"Rencana {on}", checkin_every=every,
        created_at=at(on), **fields,
    )  # fmt: skip
    for day in checkins:
        CheckIn.objects.create(plan=plan, author=owner, status="on_track", created_at=at(day))
    return plan


def _pair(community, mentor, mentee, on, status, **fields):
    return Mentorship.objects.create(
        community=community, mentor=mentor, mentee=mentee, status=status, created_at=at(on),
        **fields,
    )  # fmt: skip


def _reflection(author, community, on, **fields):
    return Reflection.objects.create(
        author=author, title="Refleksi", community=community, written_on=on, created_at=at(on),
        **fields,
    )  # fmt: skip


@pytest.fixture
def gita(public_community, other_school):
    gita = make_user(full_name="Gita", school=other_school)
    do_add_member(community=public_community, user=gita)
    return gita


def test_plans_checkins_pairs_and_reflections(
    public_community, private_community, member, fasilitator, gita
):
    c = public_community
    # Siti, fortnightly: 10 March (before), 5 April (26 days: late), 15 April (10 days: on time),
    # 2 July (after the period).
    _plan(member, c, D(2026, 3, 1), 14, D(2026, 3, 10), D(2026, 4, 5), D(2026, 4, 15),
          D(2026, 7, 2))  # fmt: skip
    # Ratna, weekly, made 20 April, first check-in 7 days later (on time), achieved in May.
    _plan(fasilitator, c, D(2026, 4, 20), 7, D(2026, 4, 27), status="done",
          finished_at=at(D(2026, 5, 10)))  # fmt: skip
    _plan(gita, c, D(2026, 1, 1), 14, status="stopped", finished_at=at(D(2026, 3, 1)))
    _plan(gita, c, D(2026, 7, 10), 14)  # after the period
    gone = _plan(gita, c, D(2026, 4, 3), 7, D(2026, 4, 4))
    gone.deleted_at = at(D(2026, 4, 5))
    gone.save()
    # Siti in the private community, monthly: first check-in 89 days after the plan (late).
    _plan(member, private_community, D(2026, 2, 1), 30, D(2026, 5, 1))

    _pair(c, fasilitator, member, D(2026, 3, 1), "active")
    _pair(c, fasilitator, gita, D(2026, 3, 1), "ended", ended_at=at(D(2026, 4, 10)))
    _pair(c, fasilitator, make_user(), D(2026, 2, 1), "ended", ended_at=at(D(2026, 3, 20)))
    _pair(c, fasilitator, make_user(), D(2026, 5, 1), "pending")
    _pair(c, gita, make_user(), D(2026, 7, 5), "active")  # after the period

    _reflection(member, c, D(2026, 5, 1))
    _reflection(member, None, D(2026, 5, 2))  # a journal of one's own
    _reflection(member, private_community, D(2026, 6, 3))
    _reflection(fasilitator, c, D(2026, 3, 1))  # before
    _reflection(gita, c, D(2026, 6, 1), deleted_at=at(D(2026, 6, 2)))
    _reflection(gita, c, D(2026, 6, 2))

    raw = raw_figures(Scope(Kind.COMMUNITY, c.slug, community=c), PERIOD)
    assert raw["active_plans"] == 2  # Siti and Ratna
    assert (raw["checkins"], raw["checkins_on_time"], raw["checkins_on_time_share"]) == (3, 2, 66.7)
    assert raw["mentor_pairs"] == 2
    assert raw["journal_reflections"] == 2  # Siti's of 1 May and Gita's of 2 June
    # By month, January to June: the check-ins of 10 March, 5, 15 and 27 April; the reflections
    # of 1 March (before the period, inside the six months), 1 May and 2 June.
    assert raw["trends"]["series"]["checkins"] == [0, 0, 1, 3, 0, 0]
    assert raw["trends"]["series"]["journal"] == [0, 0, 1, 0, 1, 1]

    school = member.school  # SD Depok: Ratna and Siti, in both communities and their journals
    raw = raw_figures(Scope(Kind.SCHOOL, str(school.pk), school=school), PERIOD)
    assert raw["active_plans"] == 2
    assert (raw["checkins"], raw["checkins_on_time"], raw["checkins_on_time_share"]) == (4, 2, 50.0)
    assert raw["mentor_pairs"] == 2
    assert raw["journal_reflections"] == 3
    assert raw["trends"]["series"]["checkins"] == [0, 0, 1, 3, 1, 0]  # and Siti's private plan
    assert raw["trends"]["series"]["journal"] == [0, 0, 1, 0, 2, 1]  # and her own journal
