"""The people and the two communities that the tests of most apps share.

Endang a partner (mitra, the principal of their school); "Komunitas Berdiferensiasi" (public,
join by approval) and "Lingkar Rahasia" (private, by invitation), each with Siti (``member``) as
anggota and Endang as mitra, started by Ratna (``fasilitator``); ``login``. Ratna, Siti, Budi the
outsider, the operator and the school are in tests/conftest.py. One name per person: a test that
needs Siti takes ``member``, never another fixture that returns her.

A conftest takes them with ``from tests.fixtures_communities import *`` (or names the ones it
uses) and defines again what its app needs otherwise; ``populate``, ``PUBLIC`` and ``PRIVATE``
let a variant keep the same people and names.
"""

import pytest

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Community, Membership
from tests.factories import make_community, make_user

__all__ = [
    "partner",
    "public_community",
    "private_community",
    "login",
]

PUBLIC = {
    "name": "Komunitas Berdiferensiasi",
    "slug": "berdiferensiasi",
    "join_policy": Community.JoinPolicy.APPROVAL,
}
PRIVATE = {
    "name": "Lingkar Rahasia",
    "slug": "lingkar-rahasia",
    "visibility": Community.Visibility.PRIVATE,
    "join_policy": Community.JoinPolicy.INVITATION,
}


@pytest.fixture
def partner(db, school):
    return make_user(
        "endang@contoh.test",
        full_name="Endang Susanti",
        role=User.Role.KEPALA_SEKOLAH,
        school=school,
    )


def populate(community, member, partner):
    """Siti joins as anggota, Endang as mitra; the community forgets the roles it had cached."""
    do_add_member(community=community, user=member)
    do_add_member(community=community, user=partner, role=Membership.Role.MITRA)
    community.forget_membership_cache()
    return community


@pytest.fixture
def public_community(fasilitator, member, partner):
    return populate(make_community(fasilitator, **PUBLIC), member, partner)


@pytest.fixture
def private_community(fasilitator, member, partner):
    return populate(make_community(fasilitator, **PRIVATE), member, partner)


@pytest.fixture
def login(client):
    """Log the test client in as someone: ``login(member).get(...)``."""

    def as_(user):
        client.force_login(user)
        return client

    return as_
