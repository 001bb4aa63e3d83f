"""Who reads a learning plan or a reflection: every visibility × every person, for both, and in a
public and a private community. ``Y`` may read, ``.`` may not. The rule (``can``) and the list
filter (``visible_to``) must agree in every cell."""

import pytest
from django.contrib.auth.models import AnonymousUser

from komunitas.communities.actions import do_add_member, do_leave
from komunitas.communities.models import Membership
from komunitas.journeys.models import LearningPlan, Mentorship, Reflection
from komunitas.permissions import can
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PEOPLE = [
    "owner",
    "pendamping",
    "ended_pendamping",
    "fasilitator",
    "anggota",
    "mitra",
    "outsider",
    "operator",
    "anonymous",
]
# fmt: off
MATRIX = {
    #             owner pend ended fasil anggota mitra outsider operator anon
    "private":   "Y     .    .     .     .       .     .        .        .",
    "mentor":    "Y     Y    .     .     .       .     .        .        .",
    "community": "Y     Y    Y     Y     Y       .     .        .        .",
}
# fmt: on


def _cases() -> list:
    cases = []
    for kind in ("plan", "reflection"):
        for where in ("public", "private"):
            for visibility, row in MATRIX.items():
                for person, cell in zip(PEOPLE, row.split(), strict=True):
                    cases.append(pytest.param(
                        kind, where, visibility, person, cell == "Y",
                        id=f"{kind}-{where}-{visibility}-{person}",
                    ))  # fmt: skip
    return cases


@pytest.fixture
def people(
    member,
    mentor,
    fasilitator,
    colleague,
    partner,
    outsider,
    operator,
    community,
    pair,
    private_community,
):
    """The ended pendamping is still a member of both communities: they read only what the
    owner shares with the whole community."""
    ended = make_user(full_name="Mantan Pendamping")
    do_add_member(community=community, user=ended)
    do_add_member(community=private_community, user=ended)
    Mentorship.objects.create(
        community=community,
        mentor=ended,
        mentee=member,
        requested_by=member,
        status=Mentorship.Status.ENDED,
    )
    return {
        "owner": member,
        "pendamping": mentor,
        "ended_pendamping": ended,
        "fasilitator": fasilitator,
        "anggota": colleague,
        "mitra": partner,
        "outsider": outsider,
        "operator": operator,
        "anonymous": AnonymousUser(),
    }


def _make(kind, owner, community, visibility):
    if kind == "plan":
        return LearningPlan.objects.create(
            owner=owner, community=community, title="Rencana", visibility=visibility
        )
    return Reflection.objects.create(
        author=owner, community=community, title="Refleksi", visibility=visibility, body="…"
    )


@pytest.mark.parametrize(("kind", "where", "visibility", "person", "allowed"), _cases())
def test_visibility_matrix(
    kind, where, visibility, person, allowed, people, community, private_community
):
    place = community if where == "public" else private_community
    obj = _make(kind, people["owner"], place, visibility)
    user = people[person]
    model = type(obj)

    assert can(user, f"{kind}.view", obj) is allowed
    assert model.objects.visible_to(user).filter(pk=obj.pk).exists() is allowed


@pytest.mark.parametrize("kind", ["plan", "reflection"])
def test_the_community_stops_reading_when_the_owner_leaves(kind, member, colleague, community):
    obj = _make(kind, member, community, "community")
    do_leave(membership=Membership.objects.get(community=community, user=member))
    community.forget_membership_cache()

    assert not can(colleague, f"{kind}.view", obj)
    assert not type(obj).objects.visible_to(colleague).filter(pk=obj.pk).exists()
    assert can(member, f"{kind}.view", obj)


@pytest.mark.parametrize("kind", ["plan", "reflection"])
def test_a_pendamping_who_leaves_the_community_stops_reading(kind, member, mentor, community, pair):
    obj = _make(kind, member, community, "mentor")
    do_leave(membership=Membership.objects.get(community=community, user=mentor))

    assert not can(mentor, f"{kind}.view", obj)
    assert not type(obj).objects.visible_to(mentor).filter(pk=obj.pk).exists()


@pytest.mark.parametrize("kind", ["plan", "reflection"])
def test_a_deleted_one_is_gone_even_for_its_owner(kind, member, community):
    obj = _make(kind, member, community, "community")
    obj.soft_delete()
    assert not can(member, f"{kind}.view", obj)
    assert not type(obj).objects.visible_to(member).exists()


def test_a_pending_request_does_not_open_anything(member, colleague, community):
    plan = _make("plan", member, community, "mentor")
    Mentorship.objects.create(community=community, mentor=colleague, mentee=member)
    assert not can(colleague, "plan.view", plan)


def test_pages_answer_404_to_those_who_may_not_read(login, member, colleague, community):
    plan = _make("plan", member, community, "private")
    reflection = _make("reflection", member, community, "mentor")
    client = login(colleague)
    assert client.get(f"/belajar/rencana/{plan.pk}/").status_code == 404
    assert client.get(f"/belajar/refleksi/{reflection.pk}/").status_code == 404
    assert client.get(f"/belajar/rencana/{plan.pk}/cek/").status_code == 404


def test_a_reader_may_not_change_or_check_in(login, member, mentor, community, pair):
    plan = _make("plan", member, community, "mentor")
    client = login(mentor)
    assert client.get(f"/belajar/rencana/{plan.pk}/").status_code == 200
    assert client.get(f"/belajar/rencana/{plan.pk}/ubah/").status_code == 403
    assert client.post(f"/belajar/rencana/{plan.pk}/cek/", {"status": "done"}).status_code == 403
    assert client.post(f"/belajar/rencana/{plan.pk}/hapus/").status_code == 403
    plan.refresh_from_db()
    assert plan.deleted_at is None and not plan.checkins.exists()


# --- "My community" means fellow members, said where it is chosen (issue 14.13)


@pytest.mark.parametrize("url", ["/belajar/rencana/baru/", "/belajar/refleksi/baru/"])
def test_the_form_says_that_partners_do_not_read_what_is_shared_with_my_community(
    client, member, community, url
):
    member.language = "en"
    member.save(update_fields=["language"])
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "My community: its fasilitators and members, not its partners" in page
    assert "Partners of a community (principals, supervisors, the Dinas) never read it" in page


def test_a_partner_of_the_community_does_not_read_a_plan_shared_with_it(
    client, member, partner, community
):
    plan = LearningPlan.objects.create(
        owner=member, community=community, title="Untuk rekan", visibility="community"
    )
    client.force_login(partner)
    assert not can(partner, "plan.view", plan)
    assert client.get(f"/belajar/rencana/{plan.pk}/").status_code in (403, 404)
