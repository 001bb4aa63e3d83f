"""The people of learning journeys (tests/fixtures_communities.py and more): Ratna the
fasilitator, Siti a member who keeps a plan, Dewi her pendamping, Wati another member, Endang a
partner (mitra), Budi the outsider and the operator; a public and a private community."""

import pytest

from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.journeys.models import Mentorship
from tests.factories import make_community, make_user
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)
from tests.fixtures_communities import PRIVATE


@pytest.fixture
def mentor(db, school):
    return make_user("dewi@contoh.test", full_name="Dewi Wulandari", school=school)


@pytest.fixture
def colleague(db, school):
    return make_user("wati@contoh.test", full_name="Wati Lestari", school=school)


@pytest.fixture
def community(fasilitator, member, mentor, colleague, partner):
    community = make_community(
        fasilitator, name="Komunitas Berdiferensiasi", slug="berdiferensiasi"
    )
    for person in (member, mentor, colleague):
        do_add_member(community=community, user=person)
    do_add_member(community=community, user=partner, role=Membership.Role.MITRA)
    return community


@pytest.fixture
def private_community(fasilitator, member, mentor, colleague, partner):
    community = make_community(fasilitator, **PRIVATE)
    for person in (member, mentor, colleague):
        do_add_member(community=community, user=person)
    do_add_member(community=community, user=partner, role=Membership.Role.MITRA)
    return community


@pytest.fixture
def pair(community, mentor, member):
    """Dewi accompanies Siti in the public community (accepted)."""
    return Mentorship.objects.create(
        community=community,
        mentor=mentor,
        mentee=member,
        requested_by=member,
        status=Mentorship.Status.ACTIVE,
    )
