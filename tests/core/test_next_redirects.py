"""No ``next`` leads off the site (issue 14.10): every view that goes on to a ``next`` reads it
through ``komunitas.lib.http.safe_next``, and each is tried with foreign addresses."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from komunitas.communities.actions import do_add_member
from komunitas.journeys.models import Mentorship
from komunitas.meetings.models import ActionItem, Meeting
from tests.factories import PASSWORD, make_community, make_user

EVIL = [
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    " https://evil.example/",
]

ROOT = Path(__file__).resolve().parents[2] / "komunitas"


def _off_site(response) -> bool:
    location = response.get("Location", "")
    return bool(location) and not location.startswith("/") or location.startswith(("//", "/\\"))


def test_every_view_reads_next_only_through_the_safe_helper():
    reads = re.compile(r"""(GET|POST|REQUEST|data)(\.get\(|\[)\s*["']next["']""")
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if reads.search(path.read_text()) and path.name != "http.py"
    ]
    assert offenders == []


@pytest.fixture
def people(db):
    fasilitator = make_user(full_name="Ratna")
    member = make_user(full_name="Siti")
    community = make_community(fasilitator)
    do_add_member(community=community, user=member)
    return fasilitator, member, community


@pytest.mark.django_db
@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize("decision", ["terima", "tolak", "akhiri"])
def test_answering_a_pendampingan_stays_on_the_site(client, people, evil, decision):
    fasilitator, member, community = people
    pair = Mentorship.objects.create(
        community=community, mentor=member, mentee=fasilitator, requested_by=fasilitator,
        mentee_agreed_at=timezone.now(),
    )  # fmt: skip
    client.force_login(member)
    response = client.post(f"/belajar/pendampingan/{pair.pk}/{decision}/", {"next": evil})
    assert response.status_code == 302
    assert not _off_site(response), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("evil", EVIL)
def test_an_action_item_status_stays_on_the_site(client, people, evil):
    fasilitator, member, community = people
    meeting = Meeting.objects.create(
        community=community, title="Rapat", starts_at=timezone.now(), facilitator=fasilitator
    )
    item = ActionItem.objects.create(meeting=meeting, description="Coba", owner=member)
    client.force_login(member)
    response = client.post(f"/tindak-lanjut/{item.pk}/", {"status": "done", "next": evil})
    assert response.status_code == 302
    assert not _off_site(response), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("evil", EVIL)
def test_the_other_views_with_a_next_stay_on_the_site(client, people, evil):
    fasilitator, member, community = people
    client.force_login(member)
    responses = [
        client.post("/diskusi/draf/buang/", {"draft_key": f"reply:{community.pk}", "next": evil}),
        client.post("/bahasa/", {"language": "en", "next": evil}),
        client.get("/akun/daftar/", {"next": evil}),
    ]
    client.logout()
    responses.append(
        client.post("/akun/masuk/", {"email": member.email, "password": PASSWORD, "next": evil})
    )
    for response in responses:
        assert response.status_code == 302, response.request
        assert not _off_site(response), response["Location"]


def test_every_refusal_for_rate_goes_through_the_429_helper():
    """429 is answered only by ``lib.http.too_many``, which always adds ``Retry-After``."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if re.search(r"status(_code)?\s*=\s*429|429 if", path.read_text())
        and path.name != "http.py"
    ]
    assert offenders == []
