"""The people of the insights tests, in two regencies.

Sleman (34.04): Ratna the fasilitator and Siti a member teach at SD Depok; Endang is the
principal of SD Depok and a mitra of the public community; Hendra supervises SD Depok; Lestari
is the Dinas of Sleman. Bantul (34.02): Wati, principal of SD Bantul, and the Dinas of Bantul.
Budi is an outsider; the operator sees everything.
"""

import pytest

from komunitas.accounts.models import Regency, User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from tests.factories import make_community, make_school, make_user
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)
from tests.fixtures_communities import PRIVATE


@pytest.fixture
def sleman(db):
    return Regency.objects.get(code="34.04")


@pytest.fixture
def bantul(db):
    return Regency.objects.get(code="34.02")


@pytest.fixture
def other_school(bantul):
    return make_school(name="SD Negeri Bantul 1", regency=bantul)


@pytest.fixture
def other_principal(other_school):
    return make_user(
        "wati@contoh.test", full_name="Wati", role=User.Role.KEPALA_SEKOLAH, school=other_school
    )


@pytest.fixture
def pengawas(school):
    user = make_user("hendra@contoh.test", full_name="Hendra", role=User.Role.PENGAWAS)
    user.supervised_schools.set([school])
    return user


@pytest.fixture
def dinas(sleman):
    return make_user("dinas@contoh.test", full_name="Lestari", role=User.Role.DINAS, regency=sleman)


@pytest.fixture
def other_dinas(bantul):
    return make_user(
        "dinas-bantul@contoh.test", full_name="Dinas Bantul", role=User.Role.DINAS, regency=bantul
    )


@pytest.fixture
def public_community(fasilitator, member, partner, sleman):
    community = make_community(
        fasilitator, name="Komunitas Berdiferensiasi", slug="berdiferensiasi", regency=sleman
    )
    do_add_member(community=community, user=member)
    do_add_member(community=community, user=partner, role=Membership.Role.MITRA)
    return community


@pytest.fixture
def private_community(fasilitator, member, sleman):
    community = make_community(fasilitator, **PRIVATE, regency=sleman)
    do_add_member(community=community, user=member)
    return community
