"""Meetings in the search: found by their topic, never from a private community by outsiders,
and never by what only members may read (the minutes)."""

import pytest

from komunitas.search.index import reindex
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(public_community, private_community, commit):
    with commit():
        public = make_meeting(public_community, title="Asesmen diagnostik bersama")
        secret = make_meeting(private_community, title="Asesmen kepala sekolah")
        public.notes = "Catatan rahasia tentang supervisi"
        public.save()
    return public, secret


def _found(client, words):
    return client.get("/cari/", {"q": words}).content.decode()


def test_a_member_finds_both_meetings(login, meetings, member):
    page = _found(login(member), "asesmen")
    assert "diagnostik" in page and "kepala sekolah" in page
    assert f"/pertemuan/{meetings[0].pk}/" in page


def test_an_outsider_finds_only_the_public_one(login, meetings, outsider):
    page = _found(login(outsider), "asesmen")
    assert "diagnostik" in page and "kepala sekolah" not in page


def test_the_minutes_are_not_searchable(login, meetings, member):
    assert "/pertemuan/" not in _found(login(member), "supervisi")


def test_reindex_knows_the_meetings(meetings):
    assert reindex(["meetings.meeting"])["meetings.meeting"] == 2
