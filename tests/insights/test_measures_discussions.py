"""Aims 1, 2, 4 and 5 from discussions, against a hand-computed fixture.

Period: 2 April – 30 June 2026 (90 days). Siti and Ratna teach at SD Depok, Gita at SD Bantul,
Endang (mitra) is the principal of SD Depok, Nur has no school.
"""

import datetime

import pytest

from komunitas.communities.actions import do_add_member
from komunitas.insights.measures import raw_figures
from komunitas.insights.participation import Level, participation
from komunitas.insights.period import Period
from komunitas.insights.scope import Kind, Scope
from tests.factories import make_user
from tests.insights.helpers import applied, at, post, reply

pytestmark = pytest.mark.django_db
PERIOD = Period(datetime.date(2026, 4, 2), datetime.date(2026, 6, 30))
D = datetime.date


@pytest.fixture
def fixture(public_community, private_community, member, fasilitator, partner, other_school):
    c, siti, ratna, endang = public_community, member, fasilitator, partner
    gita = make_user(full_name="Gita", school=other_school)
    nur = make_user(full_name="Nur")
    do_add_member(community=c, user=gita)
    q1 = post(
        c,
        siti,
        "question",
        D(2026, 4, 10),
        first_reply_at=at(D(2026, 4, 10), 12),
        solved_at=at(D(2026, 4, 11)),
    )  # answered in 2 h, solved
    q2 = post(c, gita, "challenge", D(2026, 5, 1), first_reply_at=at(D(2026, 5, 2)))  # 24 h
    post(c, siti, "question", D(2026, 6, 1))  # unanswered
    q4 = post(c, siti, "question", D(2026, 3, 30), first_reply_at=at(D(2026, 3, 31)))  # before
    post(c, siti, "question", D(2026, 6, 20), hidden_at=at(D(2026, 6, 21)))  # hidden
    post(c, siti, "question", D(2026, 6, 25), first_reply_at=at(D(2026, 7, 2)))  # answered late
    gp1 = post(c, ratna, "good_practice", D(2026, 4, 20), is_featured=True)
    post(c, siti, "good_practice", D(2026, 5, 20))
    gp_old = post(c, ratna, "good_practice", D(2026, 1, 10))
    post(c, siti, "reflection", D(2026, 5, 5))
    post(private_community, ratna, "good_practice", D(2026, 5, 25), shared_from=gp1)
    reply(q1, ratna, D(2026, 4, 10))  # same school
    reply(q2, siti, D(2026, 5, 2))  # across schools
    reply(q2, gita, D(2026, 5, 3))  # on her own post: not help, same school
    reply(q1, endang, D(2026, 4, 12))  # same school
    reply(q1, nur, D(2026, 4, 13))  # no school: not in the share
    reply(q4, ratna, D(2026, 3, 31))  # before the period
    reply(q1, nur, D(2026, 4, 14), deleted_at=at(D(2026, 4, 15)))  # deleted
    applied(gita, gp1, D(2026, 5, 10), "better")  # by another
    applied(ratna, gp1, D(2026, 5, 11), "same")  # by the author herself
    applied(siti, gp_old, D(2026, 4, 5), "better")  # by another, on an older practice
    applied(gita, gp_old, D(2026, 3, 1), "better")  # before the period
    applied(gita, q1, D(2026, 6, 1), "worse")  # a solution, not a good practice
    return c


def test_aim_1_questions(fixture):
    raw = raw_figures(Scope(Kind.COMMUNITY, fixture.slug, community=fixture), PERIOD)
    assert raw["questions"] == 4
    assert (raw["answered"], raw["answered_share"]) == (2, 50.0)
    assert raw["median_first_reply_hours"] == 13.0  # the middle of 2 h and 24 h
    assert (raw["solved"], raw["solved_share"]) == (1, 25.0)


def test_aim_2_support(fixture):
    raw = raw_figures(Scope(Kind.COMMUNITY, fixture.slug, community=fixture), PERIOD)
    assert raw["replies"] == 5
    assert raw["helpers"] == 4  # Ratna, Siti, Endang, Nur; not Gita on her own post
    assert (raw["cross_school"], raw["cross_school_share"]) == (1, 25.0)


def test_aim_4_spreading(fixture):
    raw = raw_figures(Scope(Kind.COMMUNITY, fixture.slug, community=fixture), PERIOD)
    assert (raw["good_practices"], raw["featured"]) == (2, 1)
    assert raw["applied_by_others"] == 2  # gp1 by Gita, the older one by Siti
    assert raw["shared_out"] == 1


def test_aim_5_integration(fixture):
    raw = raw_figures(Scope(Kind.COMMUNITY, fixture.slug, community=fixture), PERIOD)
    assert raw["applications"] == 4
    assert (raw["outcome_better"], raw["outcome_better_share"]) == (2, 50.0)
    assert raw["reflections"] == 1


def test_a_median_of_an_odd_number_is_the_middle_one(public_community, member):
    for hours in (1, 5, 30):
        post(
            public_community, member, "question", D(2026, 5, 1), hour=1,
            first_reply_at=at(D(2026, 5, 1), 1) + datetime.timedelta(hours=hours),
        )  # fmt: skip
    scope = Scope(Kind.COMMUNITY, public_community.slug, community=public_community)
    assert raw_figures(scope, PERIOD)["median_first_reply_hours"] == 5.0


def test_a_school_scope_counts_its_teachers_posts_only(fixture, school):
    raw = raw_figures(Scope(Kind.SCHOOL, str(school.pk), school=school), PERIOD)
    assert raw["questions"] == 3  # Siti's: not Gita's challenge
    assert raw["replies"] == 3  # by Ratna, Siti, Endang of SD Depok


def test_trends_count_posts_replies_and_applications_by_month(fixture):
    raw = raw_figures(Scope(Kind.COMMUNITY, fixture.slug, community=fixture), PERIOD)
    series = raw["trends"]["series"]
    assert raw["trends"]["months"][-3:] == ["2026-04", "2026-05", "2026-06"]
    # January: gp_old; March: q4; April: q1, gp1; May: q2, gp2, reflection; June: q3, q6.
    assert series["posts"] == [1, 0, 1, 2, 3, 2]
    assert series["replies"] == [0, 0, 1, 3, 2, 0]
    assert series["applications"] == [0, 0, 1, 1, 2, 1]


def test_participation_counts_posts_replies_and_applications(fixture, member):
    found = participation(
        Scope(Kind.COMMUNITY, fixture.slug, community=fixture), today=D(2026, 6, 30)
    )
    # Siti since 2 May: gp2, reflection, q3, q6 and her reply on q2 = 5 contributions.
    assert found[member.pk].contributions == 5
    assert found[member.pk].level == Level.ACTIVE
