"""Participation levels against a hand-computed fixture (rule in participation.py)."""

import datetime

import pytest

from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.insights.participation import Level, distribution, level_for, participation
from komunitas.insights.scope import Kind, Scope
from tests.factories import make_user
from tests.insights.helpers import at, days_back, reads, story

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("contributions", "reading_days", "level"),
    [
        (6, 0, Level.CORE),
        (5, 30, Level.ACTIVE),
        (1, 0, Level.ACTIVE),
        (0, 10, Level.ACTIVE),
        (0, 9, Level.PERIPHERAL),
        (0, 1, Level.PERIPHERAL),
        (0, 0, Level.INACTIVE),
    ],
)
def test_the_rule_at_its_boundaries(contributions, reading_days, level):
    assert level_for(contributions, reading_days) == level


def test_levels_of_a_community_count_contributions_and_reading(public_community, fasilitator):
    c = public_community
    people = {name: make_user(full_name=name) for name in "abcdef"}
    for user in people.values():
        do_add_member(community=c, user=user)
    for _i in range(6):
        story(people["a"], c, TODAY - datetime.timedelta(days=3))
    story(people["b"], c, TODAY - datetime.timedelta(days=59))  # the window's first day
    story(people["f"], c, TODAY - datetime.timedelta(days=60))  # one day too old
    reads(people["c"], c, *days_back(TODAY, *range(10)))
    reads(people["d"], c, *days_back(TODAY, *range(9)))
    reads(people["e"], c, *days_back(TODAY, 60, 61))  # too old

    found = participation(Scope(Kind.COMMUNITY, c.slug, community=c), today=TODAY)

    levels = {u.full_name: found[u.pk].level for u in people.values()}
    assert levels == {
        "a": Level.CORE,
        "b": Level.ACTIVE,
        "c": Level.ACTIVE,
        "d": Level.PERIPHERAL,
        "e": Level.INACTIVE,
        "f": Level.INACTIVE,
    }
    # The fasilitator and Siti (anggota) count as members; the mitra does not.
    assert len(found) == 8
    assert found[fasilitator.pk].level == Level.INACTIVE
    assert [(level, n) for level, _label, n in distribution(found)] == [
        ("core", 1),
        ("active", 2),
        ("peripheral", 1),
        ("inactive", 4),
    ]


def test_a_member_of_two_communities_adds_up_in_a_school_scope(
    public_community, private_community, member, school
):
    reads(member, public_community, *days_back(TODAY, 0, 1, 2, 3, 4))
    reads(member, private_community, *days_back(TODAY, 0, 5, 6, 7, 8))  # day 0 twice
    found = participation(Scope(Kind.SCHOOL, str(school.pk), school=school), today=TODAY)
    assert found[member.pk].reading_days == 9
    assert found[member.pk].level == Level.PERIPHERAL


def test_people_who_left_are_not_counted(public_community, member):
    Membership.objects.filter(user=member).update(status=Membership.Status.LEFT)
    found = participation(
        Scope(Kind.COMMUNITY, public_community.slug, community=public_community), today=TODAY
    )
    assert member.pk not in found


def test_meetings_attended_and_journal_activity_are_contributions(
    public_community, private_community
):
    """Meetings attended, check-ins on a learning plan and journal reflections count, each once,
    in the window and in the scope's communities only (hand-counted)."""
    from komunitas.journeys.models import CheckIn, LearningPlan, Reflection
    from komunitas.meetings.models import Attendance, Meeting

    c = public_community
    people = {name: make_user(full_name=name) for name in "ghij"}
    for user in people.values():
        do_add_member(community=c, user=user)
    g, h, i, j = people.values()
    recent, old = TODAY - datetime.timedelta(days=5), TODAY - datetime.timedelta(days=70)

    def meeting(community, on, **fields):
        return Meeting.objects.create(
            community=community, title=f"Pertemuan {on}", starts_at=at(on, 14), **fields
        )

    held = meeting(c, recent)
    cancelled = meeting(c, recent - datetime.timedelta(days=1), status=Meeting.Status.CANCELLED)
    before = meeting(c, old)
    elsewhere = meeting(private_community, recent)
    for m in (held, cancelled, before, elsewhere):
        Attendance.objects.create(meeting=m, member=g, method="marked")
    Attendance.objects.create(meeting=held, member=h, method="code")

    plan = LearningPlan.objects.create(owner=h, community=c, title="Rencana", created_at=at(old))
    for day in (recent, recent - datetime.timedelta(days=7), old):
        CheckIn.objects.create(plan=plan, author=h, status="on_track", created_at=at(day))
    gone = LearningPlan.objects.create(
        owner=j, community=c, title="Dihapus", created_at=at(old), deleted_at=at(recent)
    )
    CheckIn.objects.create(plan=gone, author=j, status="on_track", created_at=at(recent))

    def reflection(community, on, **fields):
        return Reflection.objects.create(
            author=i, title="Refleksi", community=community, written_on=on, created_at=at(on),
            **fields,
        )  # fmt: skip

    for _n in range(6):
        reflection(c, recent)
    reflection(c, recent, deleted_at=at(TODAY))
    reflection(None, recent)  # a journal of one's own is nobody's community
    reflection(private_community, recent)

    found = participation(Scope(Kind.COMMUNITY, c.slug, community=c), today=TODAY)

    assert {u.full_name: found[u.pk].contributions for u in people.values()} == {
        "g": 1,  # the held meeting only
        "h": 3,  # one meeting, two check-ins in the window
        "i": 6,  # six reflections alive in this community
        "j": 0,  # a check-in on a deleted plan
    }
    assert [found[u.pk].level for u in people.values()] == [
        Level.ACTIVE, Level.ACTIVE, Level.CORE, Level.INACTIVE,
    ]  # fmt: skip
