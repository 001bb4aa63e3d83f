"""Who may do what with JP and certificates, as a matrix of people × actions, in a public and a
private community; and the pages answer as the rules say."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from komunitas.certificates import actions
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.permissions import can
from tests.factories import make_user

PEOPLE = ["holder", "other_member", "fasilitator", "foreign_fasilitator", "partner",
          "pengawas", "dinas", "other_dinas", "outsider", "operator", "anonymous"]  # fmt: skip


@pytest.fixture
def people(member, fasilitator, partner, dinas, other_dinas, outsider, operator, public_community):
    from komunitas.accounts.models import User
    from tests.factories import make_community

    other_member = make_user("ani@contoh.test", full_name="Ani")
    do_add_member(community=public_community, user=other_member)
    foreign = make_user("lain@contoh.test", role=User.Role.GURU_PENGGERAK)
    make_community(foreign)
    pengawas = make_user("pengawas@contoh.test", role=User.Role.PENGAWAS)
    do_add_member(community=public_community, user=pengawas, role=Membership.Role.MITRA)
    public_community.forget_membership_cache()
    return {
        "holder": member,
        "other_member": other_member,
        "fasilitator": fasilitator,
        "foreign_fasilitator": foreign,
        "partner": partner,
        "pengawas": pengawas,
        "dinas": dinas,
        "other_dinas": other_dinas,
        "outsider": outsider,
        "operator": operator,
        "anonymous": AnonymousUser(),
    }


def _allowed(people, action, obj):
    if hasattr(obj, "forget_membership_cache"):
        obj.forget_membership_cache()
    elif hasattr(obj, "community"):
        obj.community.forget_membership_cache()
    return {name for name in PEOPLE if can(people[name], action, obj)}


def test_community_actions(people, rules, public_community):
    c = public_community
    assert _allowed(people, "certificates.set_rules", c) == {"fasilitator"}
    assert _allowed(people, "certificates.manage", c) == {"fasilitator", "operator"}
    assert _allowed(people, "certificates.view_hours", c) == {
        "holder",
        "other_member",
        "fasilitator",
    }
    assert _allowed(people, "certificates.request", c) == {"holder", "other_member", "fasilitator"}
    assert _allowed(people, "certificates.view_rules", c) == set(PEOPLE) - {"anonymous"}


def test_a_private_communitys_rules_are_for_its_people(people, private_community, fasilitator):
    actions.do_set_rules(
        community=private_community, by=fasilitator, per_meeting=1, per_practice=1, cap=None
    )
    # Endang (partner) is mitra there, Siti (holder) anggota; nobody else but the operator.
    assert _allowed(people, "certificates.view_rules", private_community) == {
        "holder", "fasilitator", "partner", "operator"}  # fmt: skip


def test_no_one_asks_where_no_rules_count(people, public_community):
    assert _allowed(people, "certificates.request", public_community) == set()


def test_a_request(people, requested):
    assert _allowed(people, "certificate.view", requested) == {"holder", "fasilitator", "operator"}
    assert _allowed(people, "certificate.decide", requested) == {"fasilitator", "operator"}
    assert _allowed(people, "certificate.download", requested) == set()
    assert _allowed(people, "certificate.verify", requested) == set()
    assert _allowed(people, "certificate.revoke", requested) == set()


def test_an_issued_certificate(people, issued):
    assert _allowed(people, "certificate.download", issued) == {"holder", "fasilitator", "operator"}
    assert _allowed(people, "certificate.decide", issued) == set()
    assert _allowed(people, "certificate.revoke", issued) == {"fasilitator", "operator"}
    assert _allowed(people, "certificate.verify", issued) == set(PEOPLE)


def test_a_revoked_certificate_is_still_verifiable_but_not_revoked_again(
    people, issued, fasilitator
):
    issued = actions.do_revoke_certificate(certificate=issued, by=fasilitator, reason="Salah")
    assert _allowed(people, "certificate.verify", issued) == set(PEOPLE)
    assert _allowed(people, "certificate.revoke", issued) == set()


def test_a_fasilitator_does_not_decide_on_their_own_request(
    record, rules, fasilitator, cofasilitator, operator, last_month
):
    from tests.certificates.conftest import attend

    start, end = last_month
    attend(record, fasilitator, start)
    own = actions.do_request_certificate(community=record, member=fasilitator, start=start, end=end)
    record.forget_membership_cache()
    assert not can(fasilitator, "certificate.decide", own)
    assert can(cofasilitator, "certificate.decide", own)
    assert can(operator, "certificate.decide", own)


@pytest.mark.parametrize(
    ("who", "status"),
    [("holder", 200), ("fasilitator", 200), ("operator", 200), ("other_member", 404),
     ("partner", 404), ("dinas", 404), ("outsider", 404), ("foreign_fasilitator", 404)],
)  # fmt: skip
def test_the_certificate_pages(client, people, issued, who, status):
    client.force_login(people[who])
    for name in ("detail", "download"):
        assert client.get(reverse(f"certificates:{name}", args=[issued.pk])).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("holder", 403), ("other_member", 404), ("partner", 404), ("outsider", 404)],
)
def test_only_deciders_may_issue_decline_or_revoke(client, people, requested, who, status):
    client.force_login(people[who])
    for name in ("issue", "decline", "revoke"):
        response = client.post(
            reverse(f"certificates:{name}", args=[requested.pk]), {"reason": "x"}
        )
        assert response.status_code == status
    requested.refresh_from_db()
    assert requested.status == "requested"


@pytest.mark.parametrize(
    ("who", "status"),
    [("fasilitator", 200), ("operator", 403), ("holder", 403), ("partner", 403),
     ("outsider", 403)],
)  # fmt: skip
def test_the_rules_page(client, people, public_community, who, status):
    client.force_login(people[who])
    response = client.get(reverse("certificates:rules", args=[public_community.slug]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("fasilitator", 200), ("operator", 200), ("holder", 403), ("partner", 403),
     ("dinas", 403)],
)  # fmt: skip
def test_the_requests_page(client, people, rules, public_community, who, status):
    client.force_login(people[who])
    response = client.get(reverse("certificates:requests", args=[public_community.slug]))
    assert response.status_code == status


def test_a_private_communitys_pages_do_not_exist_for_outsiders(client, outsider, private_community):
    client.force_login(outsider)
    for name in ("community", "rules", "requests"):
        url = reverse(f"certificates:{name}", args=[private_community.slug])
        assert client.get(url).status_code == 404


def test_a_partner_cannot_ask_for_a_certificate(
    client, partner, rules, public_community, last_month
):
    client.force_login(partner)
    start, end = last_month
    response = client.post(
        reverse("certificates:request", args=[public_community.slug]),
        {"dari": start.isoformat(), "sampai": end.isoformat()},
    )
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_except_for_verification(client, issued):
    assert client.get(reverse("certificates:mine")).status_code == 302
    assert client.get(reverse("certificates:detail", args=[issued.pk])).status_code == 302
    assert client.get(reverse("certificates:verify", args=[issued.code])).status_code == 200
