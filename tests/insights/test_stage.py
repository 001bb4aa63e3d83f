"""The stage suggestion: the first stage whose evidence is missing, and what it needs."""

import datetime

import pytest

from komunitas.communities.models import Community, Membership, SupportCommitment
from komunitas.communities.models.membership import add_member
from komunitas.insights.participation import participation
from komunitas.insights.scope import Kind, Scope
from komunitas.insights.stage import Suggestion, facts
from tests.factories import make_user
from tests.insights.helpers import post, reply, story

pytestmark = pytest.mark.django_db


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
    add_member(c, core[2])
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
    suggestion = _suggest(c)
    assert {k for k, met in suggestion.facts.items() if not met} == set()
    assert suggestion.stage == Community.Stage.SUSTAINING
    assert suggestion.needs() == []
