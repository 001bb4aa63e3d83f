"""People and communities for the notification tests: Ratna the fasilitator, Siti a member,
Endang a partner (a principal), Budi the outsider; one public and one private community."""

import pytest
from django.core.management import call_command

from komunitas.accounts.models import User
from komunitas.communities.models import Community, Membership
from komunitas.communities.models.membership import add_member
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
    return community


@pytest.fixture
def public_community(fasilitator, member, partner):
    community = make_community(
        fasilitator,
        name="Komunitas Berdiferensiasi",
        slug="berdiferensiasi",
        join_policy=Community.JoinPolicy.APPROVAL,
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
    )
    return _populate(community, member, partner)


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


@pytest.fixture
def run_jobs(run_worker):
    """Start the periodic jobs that are due now, as a worker's scheduler does, and run them."""

    def run():
        call_command("run_jobs", verbosity=0)
        run_worker()

    return run
