"""The stage suggestion: the first stage whose evidence is missing, and what it needs."""

import datetime

import pytest

from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Community, Membership, SupportCommitment
from komunitas.insights.participation import participation
from komunitas.insights.scope import Kind, Scope
from komunitas.insights.stage import Suggestion, facts
from tests.factories import make_user
from tests.insights.helpers import post, reply, story

pytestmark = pytest.mark.django_db


def _weekly_meetings_with_minutes(community, held_share: float):
    """A meeting with minutes on each rhythm date of the last six months, the first
    ``held_share`` of them held and the rest cancelled."""
    from django.utils import timezone

    from komunitas.meetings.models import Meeting

    today = timezone.localdate()
    since = today - datetime.timedelta(days=round(6 * 30.44))
    dates = list(community.rhythm_rule(since).between(
        datetime.datetime.combine(since, datetime.time.min),
        datetime.datetime.combine(today, datetime.time.min), inc=True,
    ))  # fmt: skip
    held = round(held_share * len(dates))
    for n, when in enumerate(dates):
        Meeting.objects.create(
            community=community, title=f"Pertemuan {when:%d %b}",
            starts_at=when.replace(tzinfo=timezone.get_current_timezone()),
            status=Meeting.Status.SCHEDULED if n < held else Meeting.Status.CANCELLED,
            minutes_published_at=timezone.now(),
        )  # fmt: skip
    return len(dates), held


def _journal(person, community, on, **fields):
    from komunitas.journeys.models import Reflection

    return Reflection.objects.create(
        author=person, title="Refleksi", community=community, written_on=on, **fields
    )


def _weekly(community):
    Community.objects.filter(pk=community.pk).update(rhythm_frequency="weekly", rhythm_weekday=3)
    community.refresh_from_db()


def test_sessions_need_two_meetings_with_minutes_in_90_days(public_community):
    from django.utils import timezone

    from komunitas.meetings.models import Meeting

    c = public_community
    now = timezone.now()

    def meeting(days_ago, **fields):
        return Meeting.objects.create(
            community=c, title="Pertemuan", starts_at=now - datetime.timedelta(days=days_ago),
            **fields,
        )  # fmt: skip

    meeting(10, minutes_published_at=now)
    meeting(20)  # no minutes
    meeting(30, minutes_published_at=now, status=Meeting.Status.CANCELLED)
    meeting(100, minutes_published_at=now)  # too long ago
    assert _suggest(c).facts["sessions"] is False
    meeting(80, minutes_published_at=now)
    assert _suggest(c).facts["sessions"] is True


@pytest.mark.parametrize(("held_share", "kept"), [(0.8, True), (0.6, False)])
def test_the_rhythm_is_kept_with_three_quarters_held(public_community, held_share, kept):
    _weekly(public_community)
    planned, held = _weekly_meetings_with_minutes(public_community, held_share)
    assert planned >= 25 and (held * 100 // planned >= 75) is kept
    assert _suggest(public_community).facts["rhythm"] is kept


def test_without_a_rhythm_or_meetings_the_rhythm_is_not_kept(public_community):
    assert _suggest(public_community).facts["rhythm"] is False


def test_plans_need_three_people_reflecting_or_checking_in(
    public_community, private_community, member, fasilitator
):
    from django.utils import timezone

    from komunitas.journeys.models import CheckIn, LearningPlan

    c, today = public_community, datetime.date.today()
    plan = LearningPlan.objects.create(owner=member, community=c, title="Rencana")
    CheckIn.objects.create(plan=plan, author=member, status="on_track")
    _journal(member, c, today)  # the same person twice is one
    _journal(fasilitator, c, today)
    _journal(make_user(), private_community, today)  # another community
    _journal(make_user(), c, today, deleted_at=timezone.now())
    assert _suggest(c).facts["plans"] is False
    _journal(make_user(), c, today)
    assert _suggest(c).facts["plans"] is True


def _suggest(community):
    levels = participation(Scope(Kind.COMMUNITY, community.slug, community=community))
    return Suggestion(facts(community, levels))


def test_a_new_community_is_starting_and_told_what_it_needs(public_community):
    suggestion = _suggest(public_community)
    assert suggestion.stage == Community.Stage.STARTING
    needs = {e.key for e in suggestion.needs()}
    assert needs == {"commitment", "roles", "schedule"}  # Endang is a mitra: stakeholders met


def test_a_community_with_the_starting_evidence_is_growing(public_community, member):
    c = public_community
    Community.objects.filter(pk=c.pk).update(
        visi="v", misi="m", kesepakatan="k", rhythm_frequency="weekly", rhythm_weekday=3
    )
    c.refresh_from_db()
    Membership.objects.filter(community=c, user=member).update(role="fasilitator")
    suggestion = _suggest(c)
    assert suggestion.stage == Community.Stage.GROWING
    assert "answered" in {e.key for e in suggestion.needs()}


def test_a_community_with_everything_is_sustaining(public_community, member, fasilitator):
    c = public_community
    Community.objects.filter(pk=c.pk).update(
        visi="v", misi="m", kesepakatan="k", rhythm_frequency="weekly", rhythm_weekday=3
    )
    c.refresh_from_db()
    SupportCommitment.objects.create(community=c, partner=fasilitator, kind="room", description="r")
    core = [member, fasilitator, make_user()]
    do_add_member(community=c, user=core[2])
    Membership.objects.filter(community=c, user=member).update(role="fasilitator")
    today = datetime.date.today()
    for months_ago in range(6):
        day = (today.replace(day=1) - datetime.timedelta(days=months_ago * 28)).replace(day=2)
        day = min(day, today)
        post(c, member, "reflection", day)
    for person in core:
        for n in range(6):
            q = post(c, person, "question", today - datetime.timedelta(days=n),
                     first_reply_at=None)  # fmt: skip
            r = reply(q, core[(core.index(person) + 1) % 3], today - datetime.timedelta(days=n))
            q.first_reply_at = r.created_at
            q.save()
    gp = post(c, member, "good_practice", today)
    from tests.insights.helpers import applied

    applied(fasilitator, gp, today, "better")
    story(member, c)
    _weekly_meetings_with_minutes(c, held_share=1)
    for person in core:
        _journal(person, c, today)
    suggestion = _suggest(c)
    assert {k for k, met in suggestion.facts.items() if not met} == set()
    assert suggestion.stage == Community.Stage.SUSTAINING
    assert suggestion.needs() == []
