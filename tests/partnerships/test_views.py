"""The pages of requests for support: who sees what (a matrix over roles and both kinds of
community), bad input answered with a message, a bounded number of queries."""

import pytest
from django.urls import reverse

from komunitas.partnerships.actions import do_answer_request, do_create_request
from komunitas.partnerships.models import SupportRequest
from tests.partnerships.conftest import in_days

Status = SupportRequest.Status


def _request(community, fasilitator, partner, **fields):
    values = {
        "kind": SupportRequest.Kind.TIME,
        "needed_by": in_days(7),
        "reason": "Waktu di jadwal sekolah untuk pertemuan.",
    }
    values.update(fields)
    return do_create_request(community=community, partner=partner, by=fasilitator, **values)


@pytest.fixture
def people(fasilitator, member, partner, outsider, operator, other_partner):
    return {
        "fasilitator": fasilitator,
        "member": member,
        "partner": partner,
        "other_partner": other_partner,
        "outsider": outsider,
        "operator": operator,
    }


@pytest.mark.parametrize("which", ["public", "private"])
@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("fasilitator", True),
        ("member", True),
        ("partner", True),
        ("other_partner", False),
        ("outsider", False),
        ("operator", False),
    ],
)
def test_who_sees_a_request(which, role, sees, request, people, login, fasilitator, partner):
    community = request.getfixturevalue(f"{which}_community")
    support = _request(community, fasilitator, partner)
    response = login(people[role]).get(support.get_absolute_url())
    assert response.status_code == (200 if sees else 404)


def test_anonymous_is_sent_to_log_in(client, public_community, fasilitator, partner):
    support = _request(public_community, fasilitator, partner)
    response = client.get(support.get_absolute_url())
    assert response.status_code == 302 and "next=" in response["Location"]


def test_a_partner_sees_only_the_requests_addressed_to_them(
    public_community, fasilitator, partner, login
):
    from komunitas.accounts.models import User
    from komunitas.communities.actions import do_add_member
    from komunitas.communities.models import Membership
    from tests.factories import make_user

    dinas = make_user("dinas@contoh.test", full_name="Pak Dinas", role=User.Role.DINAS)
    do_add_member(community=public_community, user=dinas, role=Membership.Role.MITRA)
    public_community.forget_membership_cache()
    mine = _request(public_community, fasilitator, partner, reason="Untuk Endang")
    theirs = _request(public_community, fasilitator, dinas, reason="Untuk Dinas")
    client = login(partner)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    page = client.get(reverse("partnerships:community", args=[public_community.slug]))
    assert mine.get_absolute_url() in page.content.decode()
    assert theirs.get_absolute_url() not in page.content.decode()
    home = client.get(reverse("partnerships:mine")).content.decode()
    assert mine.get_absolute_url() in home and theirs.get_absolute_url() not in home


def test_members_see_the_community_list_outsiders_nothing(
    private_community, fasilitator, partner, member, outsider, login
):
    support = _request(private_community, fasilitator, partner)
    url = reverse("partnerships:community", args=[private_community.slug])
    assert support.get_absolute_url() in login(member).get(url).content.decode()
    assert login(outsider).get(url).status_code == 404


def test_figures_name_no_member(public_community, fasilitator, partner, member, login):
    support = _request(public_community, fasilitator, partner)
    do_answer_request(request=support, by=partner, answer="accept", text="Bisa, hari Kamis.")
    page = login(member).get(reverse("partnerships:community", args=[public_community.slug]))
    figures = page.content.decode().split('id="figures"')[1]
    for person in (fasilitator, partner, member):
        assert person.full_name not in figures
    assert "Kepala sekolah" in figures or "Principal" in figures


def test_partner_answers_through_the_page(sent, partner, login):
    client = login(partner)
    response = client.post(
        reverse("partnerships:answer", args=[sent.pk]),
        {"answer": "accept", "text": "Saya bersedia jadi narasumber.", "on": ""},
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED and sent.commitment_id
    again = client.post(
        reverse("partnerships:answer", args=[sent.pk]),
        {"answer": "decline", "text": "Maaf."},
        follow=True,
    )
    assert again.status_code in (200, 403)
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED


def test_answering_as_someone_else_is_refused(sent, member, fasilitator, login):
    url = reverse("partnerships:answer", args=[sent.pk])
    for person in (member, fasilitator):
        response = login(person).post(url, {"answer": "accept", "text": "Bukan saya."})
        assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_bad_answer_comes_back_with_a_message(sent, partner, login):
    response = login(partner).post(
        reverse("partnerships:answer", args=[sent.pk]),
        {"answer": "counter", "text": "Bulan depan.", "on": in_days(-2).isoformat()},
    )
    assert response.status_code == 400
    assert "Bulan depan." in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"needed_by": "2001-01-01"},
        {"partner": "999999"},
        {"partner": "other"},
        {"meeting": "999999"},
        {"kind": "bogus"},
        {"needed_by": "bukan tanggal"},
    ],
)
def test_bad_request_input_is_answered_with_a_message(
    change, public_community, fasilitator, partner, other_partner, login
):
    data = {
        "partner": str(partner.pk),
        "kind": SupportRequest.Kind.ROOM,
        "needed_by": in_days(5).isoformat(),
        "reason": "Ruang untuk lokakarya.",
    }
    data.update(change)
    if data["partner"] == "other":
        data["partner"] = str(other_partner.pk)
    response = login(fasilitator).post(
        reverse("partnerships:create", args=[public_community.slug]), data
    )
    assert response.status_code == 400
    assert "Ruang untuk lokakarya." in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_fasilitator_sends_and_member_proposes(
    public_community, fasilitator, member, partner, login
):
    data = {
        "partner": str(partner.pk),
        "kind": SupportRequest.Kind.SPEAKER,
        "needed_by": in_days(9).isoformat(),
        "reason": "Narasumber.",
    }
    url = reverse("partnerships:create", args=[public_community.slug])
    assert login(fasilitator).post(url, data).status_code == 302
    assert login(member).post(url, data).status_code == 302
    statuses = sorted(SupportRequest.objects.values_list("status", flat=True))
    assert statuses == [Status.PROPOSED, Status.SENT]


def test_partner_cannot_ask(public_community, partner, login):
    url = reverse("partnerships:create", args=[public_community.slug])
    assert login(partner).get(url).status_code == 403


def test_fasilitator_closes_with_a_note(sent, partner, fasilitator, login):
    do_answer_request(request=sent, by=partner, answer="accept", text="Ya.")
    response = login(fasilitator).post(
        reverse("partnerships:close", args=[sent.pk]), {"done": "yes", "note": "Terlaksana."}
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == Status.DONE and sent.outcome_note == "Terlaksana."


def test_tampered_id_is_not_found(fasilitator, login):
    assert login(fasilitator).get(reverse("partnerships:detail", args=[424242])).status_code == 404


def test_community_and_home_pages_show_open_requests(sent, public_community, partner, login):
    client = login(partner)
    home = client.get(reverse("core:home")).content.decode()
    assert sent.get_absolute_url() in home
    page = client.get(public_community.get_absolute_url()).content.decode()
    assert sent.get_absolute_url() in page


def test_queries_stay_constant(
    public_community, fasilitator, partner, login, django_assert_max_num_queries
):
    client = login(fasilitator)
    url = reverse("partnerships:community", args=[public_community.slug])
    _request(public_community, fasilitator, partner)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(8):
        _request(public_community, fasilitator, partner)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    support = SupportRequest.objects.first()
    with django_assert_max_num_queries(20):
        client.get(support.get_absolute_url())


def test_asking_a_stakeholder_by_email_through_the_form(public_community, fasilitator, login):
    from komunitas.accounts.models import Regency
    from komunitas.communities.actions import do_save_stakeholder
    from komunitas.communities.models import Stakeholder

    entry = do_save_stakeholder(
        stakeholder=Stakeholder(name="Kepala SD Negeri 2", kind=Stakeholder.Kind.KEPALA_SEKOLAH),
        regency=Regency.objects.get(code="34.04"),
        by=fasilitator,
        communities=[public_community],
    )
    url = reverse("partnerships:create", args=[public_community.slug])
    data = {
        "stakeholder": str(entry.pk),
        "kind": SupportRequest.Kind.ROOM,
        "needed_by": in_days(6).isoformat(),
        "reason": "Ruang kelas untuk praktik.",
    }
    client = login(fasilitator)
    assert client.post(url, data).status_code == 400  # no email yet
    assert client.post(url, {**data, "email": "kepala2@contoh.test"}).status_code == 302
    request = SupportRequest.objects.get()
    assert request.email == "kepala2@contoh.test" and request.invitation_id
    page = client.get(reverse("partnerships:community", args=[public_community.slug]))
    assert "Kepala SD Negeri 2" in page.content.decode()
