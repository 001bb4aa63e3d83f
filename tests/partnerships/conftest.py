"""The people of a community and their partners (tests/fixtures_communities.py): Ratna the
fasilitator, Siti a member, Endang a partner (a principal), Budi the outsider and the operator;
``other_partner`` is a pengawas who is a partner of another community only."""

import datetime

import pytest
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.partnerships.actions import do_create_request
from komunitas.partnerships.models import SupportRequest
from tests.factories import make_community, make_user
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)


@pytest.fixture
def other_partner(db, fasilitator):
    pengawas = make_user("wati@contoh.test", full_name="Wati Pengawas", role=User.Role.PENGAWAS)
    elsewhere = make_community(fasilitator, name="Komunitas Lain", slug="komunitas-lain")
    do_add_member(community=elsewhere, user=pengawas, role=Membership.Role.MITRA)
    return pengawas


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def sent(public_community, fasilitator, partner) -> SupportRequest:
    """Ratna asks Endang for a speaker in two weeks."""
    return do_create_request(
        community=public_community,
        partner=partner,
        kind=SupportRequest.Kind.SPEAKER,
        needed_by=in_days(14),
        reason="Narasumber asesmen diagnostik untuk pertemuan bulan depan.",
        by=fasilitator,
    )
