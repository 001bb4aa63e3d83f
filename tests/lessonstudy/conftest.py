"""The people of a lesson study (tests/fixtures_communities.py): Ratna the fasilitator, Siti a
member who is not part of the study, Endang a partner (a principal), Budi the outsider and the
operator; Tari teaches, Wayan observes; a pengawas as a second partner and a dinas officer who is
not in the community."""

import datetime

import pytest
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.lessonstudy.models import LessonStudy, Observation
from tests.factories import make_user
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)


@pytest.fixture
def teacher(db, school):
    return make_user("tari@contoh.test", full_name="Tari Wulandari", school=school)


@pytest.fixture
def observer(db, school):
    return make_user("wayan@contoh.test", full_name="Wayan Sudarma", school=school)


@pytest.fixture
def pengawas(db):
    return make_user("pengawas@contoh.test", full_name="Pak Harun", role=User.Role.PENGAWAS)


@pytest.fixture
def dinas(db):
    return make_user("dinas@contoh.test", full_name="Bu Lestari", role=User.Role.DINAS)


def join(community, *people, role=Membership.Role.ANGGOTA):
    for person in people:
        do_add_member(community=community, user=person, role=role)
    community.forget_membership_cache()
    return community


def make_study(community, teacher, observers, *, starts_in=datetime.timedelta(days=3), **fields):
    defaults = {
        "title": "Pecahan senilai",
        "learning_goal": "Murid menemukan pecahan senilai.",
        "research_question": "Apakah kelompok kesiapan membantu murid yang diam?",
        "starts_at": timezone.now() + starts_in,
        "place": "SDN 1, kelas 4A",
    }
    study = LessonStudy.objects.create(
        community=community, teacher=teacher, **{**defaults, **fields}
    )
    for person in observers:
        Observation.objects.create(study=study, observer=person)
    return study


@pytest.fixture
def studied(public_community, teacher, observer, pengawas):
    """The public community with Tari and Wayan as anggota and the pengawas as mitra."""
    join(public_community, teacher, observer)
    return join(public_community, pengawas, role=Membership.Role.MITRA)


@pytest.fixture
def study(studied, teacher, observer, fasilitator):
    return make_study(studied, teacher, [observer], created_by=fasilitator)
