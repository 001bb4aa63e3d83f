"""The people of a community and its meetings: Ratna the fasilitator, Siti a member, Endang a
partner (a principal), Budi the outsider and the operator; a public and a private community."""

import datetime

import pytest
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.communities.models import Community, Membership
from komunitas.communities.models.membership import add_member
from komunitas.meetings.models import Meeting
from tests.factories import make_community, make_user


@pytest.fixture
def fasilitator(penggerak):
    return penggerak


@pytest.fixture
def member(teacher):
    return teacher


@pytest.fixture
def partner(db, school):
    return make_user(
        "endang@contoh.test",
        full_name="Endang Susanti",
        role=User.Role.KEPALA_SEKOLAH,
        school=school,
    )


def _populate(community, member, partner):
    add_member(community, member)
    add_member(community, partner, role=Membership.Role.MITRA)
    community.forget_membership_cache()
    return community


RHYTHM = {
    "rhythm_frequency": Community.Frequency.MONTHLY,
    "rhythm_weeks": "2,4",
    "rhythm_weekday": 3,
    "rhythm_time": datetime.time(14, 0),
}


@pytest.fixture
def public_community(fasilitator, member, partner):
    community = make_community(
        fasilitator, name="Komunitas Berdiferensiasi", slug="berdiferensiasi", **RHYTHM
    )
    return _populate(community, member, partner)


@pytest.fixture
def private_community(fasilitator, member, partner):
    community = make_community(
        fasilitator,
        name="Lingkar Rahasia",
        slug="lingkar-rahasia",
        visibility=Community.Visibility.PRIVATE,
        join_policy=Community.JoinPolicy.INVITATION,
        **RHYTHM,
    )
    return _populate(community, member, partner)


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


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_
