"""People and communities for the search tests: Ratna the fasilitator, Siti a member, Endang a
partner, Budi the outsider, the operator; a public and a private community."""

import pytest

from komunitas.accounts.models import User
from komunitas.communities.models import Community, Membership
from komunitas.communities.models.membership import add_member
from komunitas.search.index import reindex
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
        name="Komunitas Pembelajaran Berdiferensiasi",
        slug="berdiferensiasi",
        domain="Pembelajaran berdiferensiasi di kelas rangkap",
    )
    return _populate(community, member, partner)


@pytest.fixture
def private_community(fasilitator, member, partner):
    community = make_community(
        fasilitator,
        name="Lingkar Kepala Sekolah Rahasia",
        slug="lingkar-rahasia",
        domain="Kepemimpinan pembelajaran di sekolah",
        visibility=Community.Visibility.PRIVATE,
        join_policy=Community.JoinPolicy.INVITATION,
    )
    return _populate(community, member, partner)


@pytest.fixture
def indexed():
    """Index everything now (tests run inside a transaction: on-commit work would not run)."""
    return lambda: reindex()


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_
