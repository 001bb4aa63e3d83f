"""The people of a community and its meetings (tests/fixtures_communities.py): Ratna the
fasilitator, Siti a member, Endang a partner (a principal), Budi the outsider and the operator;
a public and a private community, both meeting on the second and fourth Thursday."""

import datetime

import pytest
from django.utils import timezone

from komunitas.communities.models import Community
from komunitas.meetings.models import Meeting
from tests.factories import make_community
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)
from tests.fixtures_communities import PRIVATE, PUBLIC, populate

RHYTHM = {
    "rhythm_frequency": Community.Frequency.MONTHLY,
    "rhythm_weeks": "2,4",
    "rhythm_weekday": 3,
    "rhythm_time": datetime.time(14, 0),
}


@pytest.fixture
def public_community(fasilitator, member, partner):
    return populate(make_community(fasilitator, **PUBLIC, **RHYTHM), member, partner)


@pytest.fixture
def private_community(fasilitator, member, partner):
    return populate(make_community(fasilitator, **PRIVATE, **RHYTHM), member, partner)


def make_meeting(community, *, starts_in=datetime.timedelta(days=3), **fields) -> Meeting:
    defaults = {
        "title": "Pertemuan rutin",
        "starts_at": timezone.now() + starts_in,
        "mode": Meeting.Mode.IN_PERSON,
        "place": "Perpustakaan SDN 1",
    }
    return Meeting.objects.create(community=community, **{**defaults, **fields})


@pytest.fixture
def meeting(public_community, fasilitator):
    return make_meeting(public_community, facilitator=fasilitator)
