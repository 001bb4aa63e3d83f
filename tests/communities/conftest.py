"""The people of a community (tests/fixtures_communities.py): Ratna the fasilitator, Siti a
member, Endang a partner (a principal), Budi the outsider and the operator; one public and one
private community. For the district map: both communities in Kabupaten Sleman, and everyone who
may or may not share in its map."""

import pytest
from django.contrib.auth.models import AnonymousUser

from komunitas.accounts.models import Regency, User
from komunitas.communities.models import Community
from tests.factories import make_school, make_user
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)

SLEMAN, BANTUL = "34.04", "34.02"


@pytest.fixture
def in_sleman(public_community, private_community):
    """Both communities of the shared fixtures name Kabupaten Sleman."""
    Community.objects.filter(pk__in=[public_community.pk, private_community.pk]).update(
        regency_id=SLEMAN, province_id="34"
    )
    for community in (public_community, private_community):
        community.refresh_from_db()


@pytest.fixture
def people(fasilitator, member, partner, outsider, operator):
    """Who may or may not share in the map of Sleman (tests/communities/test_district_map.py)."""
    elsewhere = make_school(regency=Regency.objects.get(code=BANTUL))
    return {
        "fasilitator": fasilitator,  # guru penggerak, school in Sleman, fasilitator of both
        "anggota": member,  # guru, school in Sleman, member of both
        "mitra": partner,  # kepala sekolah, mitra of both
        "outsider": outsider,  # guru without a school
        "operator": operator,
        "dinas": make_user(role=User.Role.DINAS, regency_id=SLEMAN),
        "dinas_elsewhere": make_user(role=User.Role.DINAS, regency_id=BANTUL),
        "penggerak_elsewhere": make_user(role=User.Role.GURU_PENGGERAK, school=elsewhere),
        "anonymous": AnonymousUser(),
    }
