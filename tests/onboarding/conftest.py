"""Onboarding's people: the Dinas of Sleman (34.04, where the tests' schools are), the Dinas of
Kota Yogyakarta (34.71), a pengawas and the shared people of tests/fixtures_communities.py."""

import io

import pytest
from django.utils import translation

from komunitas.accounts.models import User
from tests.factories import make_school, make_user
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)

HEADER = "nama,email,nuptk,npsn,peran,komunitas"


@pytest.fixture(autouse=True)
def _english():
    """The reasons are read in English here (the Indonesian catalogue is tested on its own)."""
    with translation.override("en"):
        yield


@pytest.fixture
def dinas(db):
    return make_user(
        "dinas@contoh.test", full_name="Dinas Sleman", role=User.Role.DINAS, regency_id="34.04"
    )


@pytest.fixture
def dinas_elsewhere(db):
    return make_user(
        "dinas.kota@contoh.test",
        full_name="Dinas Kota Yogyakarta",
        role=User.Role.DINAS,
        regency_id="34.71",
    )


@pytest.fixture
def pengawas(db, school):
    return make_user("pengawas@contoh.test", full_name="Pak Pengawas", role=User.Role.PENGAWAS)


@pytest.fixture
def school_elsewhere(db):
    return make_school(npsn="20471001", name="SD Negeri Kota 1", regency_id="34.71")


def csv_bytes(*lines, header=HEADER, encoding="utf-8") -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode(encoding)


def upload(data: bytes, name="guru.csv"):
    file = io.BytesIO(data)
    file.name = name
    return file
