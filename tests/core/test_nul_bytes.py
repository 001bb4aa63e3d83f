"""A NUL byte in what a page is asked (a search box, a filter) is user input like any other:
never a 500, on SQLite or PostgreSQL (which refuses NUL in text)."""

import pytest
from django.utils import timezone

from tests.fixtures_communities import *  # noqa: F403  (penggerak, fasilitator, public_community…)

pytestmark = pytest.mark.django_db
NULS = ["\x00", "b\x00", "bel\x00ajar"]


@pytest.fixture
def urls(public_community, fasilitator):
    from komunitas.meetings.models import Meeting

    meeting = Meeting.objects.create(
        community=public_community, title="Pertemuan", starts_at=timezone.now()
    )
    slug = public_community.slug
    return [
        "/akun/sekolah/",
        "/cari/",
        "/pustaka/",
        "/k/",
        f"/k/{slug}/diskusi/",
        f"/k/{slug}/diskusi/sebut/",
        f"/pertemuan/{meeting.pk}/presensi/",
    ]


def test_a_nul_byte_in_a_query_is_never_a_server_error(client, fasilitator, urls):
    from django.urls import resolve

    client.force_login(fasilitator)
    for url in urls:
        resolve(url)  # the address exists (a typo here would make the test pass for nothing)
        for text in NULS:
            response = client.get(url, {"q": text})  # sent as %00
            assert response.status_code in (200, 400), (url, text, response.status_code)


@pytest.mark.parametrize("value", NULS)
def test_the_operators_pages_take_nul_bytes_without_an_error(client, value):
    """Django's own admin search and autocomplete read the raw query: the request is cleaned
    before any view sees it (lib/middleware.NulByteMiddleware)."""
    from komunitas.accounts.models import User

    client.force_login(User.objects.create_superuser("admin@contoh.test", "x" * 12))
    pages = [
        ("/operator/accounts/user/", {"q": value}),
        ("/operator/accounts/school/", {"q": value}),
        (
            "/operator/autocomplete/",
            {
                "term": value,
                "app_label": "accounts",
                "model_name": "user",
                "field_name": "school",
            },
        ),
    ]
    for path, query in pages:
        response = client.get(path, query)
        assert response.status_code == 200, (path, response.status_code)


def test_a_form_field_arrives_without_its_nul_bytes(member_client, member):
    response = member_client.post(
        "/akun/profil/", {"full_name": "Siti\x00 Rahayu", "language": "id"}, follow=False
    )
    assert response.status_code < 500
    member.refresh_from_db()
    assert "\x00" not in member.full_name
