"""Who sees which meeting, minutes and action item: ``can`` agrees with ``visible_to``.

For every role (anonymous, outsider, anggota, fasilitator, the member who facilitates the
meeting, partners who are a kepala sekolah, a pengawas or from the dinas, operator) and every
object (a meeting, its minutes, an action item; scheduled or cancelled, minutes published or
not, in a public and in a private community), the rule the pages ask (``can``) and the query
the lists and the home page use (``visible_to``) give the same answer, and the answer is the
one in the table. ``Y`` visible, ``.`` not.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member, do_delete_community
from komunitas.communities.models import Membership
from komunitas.meetings import actions
from komunitas.meetings.models import ActionItem, Meeting
from komunitas.permissions import can
from tests.factories import make_user
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

OBJECTS = ["meeting", "minutes", "item"]
STATES = ["draft", "published", "cancelled"]  # minutes unpublished / published / cancelled

# fmt: off
#                      public: meeting minutes item       private: meeting minutes item
#                      (per state: draft, published, cancelled)
TABLE = {
    "fasilitator":   ("YYY YYY YYY", "YYY YYY YYY"),
    "facilitating":  ("YYY YYY YYY", "YYY YYY YYY"),  # an anggota who facilitates it
    "anggota":       ("YYY .Y. .Y.", "YYY .Y. .Y."),
    "kepala_sekolah": ("YYY .Y. .Y.", "YYY .Y. .Y."),  # partners (mitra)
    "pengawas":      ("YYY .Y. .Y.", "YYY .Y. .Y."),
    "dinas":         ("YYY .Y. .Y.", "YYY .Y. .Y."),
    "outsider":      ("YYY ... ...", "... ... ..."),
    "operator":      ("YYY .Y. .Y.", "YYY .Y. .Y."),
    "anonymous":     ("... ... ...", "... ... ..."),
}
# fmt: on

ACTION = {"meeting": "meeting.view", "minutes": "meeting.view_minutes", "item": "action_item.view"}


def _cases():
    for person, places in TABLE.items():
        for visibility, row in zip(("public", "private"), places, strict=True):
            yield pytest.param(person, visibility, row, id=f"{visibility}-{person}")


def _partner(email, role, *communities):
    user = make_user(email, full_name=email.split("@")[0].title(), role=role)
    for community in communities:
        do_add_member(community=community, user=user, role=Membership.Role.MITRA)
        community.forget_membership_cache()
    return user


@pytest.fixture
def people(fasilitator, member, partner, outsider, operator, public_community, private_community):
    both = (public_community, private_community)
    facilitating = make_user("dewi@contoh.test", full_name="Dewi Lestari")
    for community in both:
        do_add_member(community=community, user=facilitating)
        community.forget_membership_cache()
    return {
        "fasilitator": fasilitator,
        "facilitating": facilitating,
        "anggota": member,
        "kepala_sekolah": partner,
        "pengawas": _partner("agus@contoh.test", User.Role.PENGAWAS, *both),
        "dinas": _partner("wati@contoh.test", User.Role.DINAS, *both),
        "outsider": outsider,
        "operator": operator,
        "anonymous": AnonymousUser(),
    }


def _meeting(community, state, *, fasilitator, facilitating, owner):
    meeting = make_meeting(
        community, starts_in=-datetime.timedelta(minutes=10), facilitator=facilitating
    )
    item = actions.do_add_action_item(
        meeting=meeting, by=fasilitator, description="Mencoba rubrik", owner=owner
    )
    if state == "published":
        actions.do_publish_minutes(meeting=meeting, by=fasilitator)
    if state == "cancelled":
        actions.do_cancel_meeting(meeting=meeting, reason="Banjir", by=fasilitator)
    meeting = Meeting.objects.select_related("community").get(pk=meeting.pk)
    item = ActionItem.objects.select_related("meeting__community").get(pk=item.pk)
    return meeting, item


@pytest.mark.parametrize(("person", "visibility", "row"), list(_cases()))
def test_can_agrees_with_visible_to(request, people, fasilitator, member, person, visibility, row):
    community = request.getfixturevalue(f"{visibility}_community")
    user = people[person]
    made = {
        state: _meeting(
            community,
            state,
            fasilitator=fasilitator,
            facilitating=people["facilitating"],
            owner=member,
        )
        for state in STATES
    }
    listed = {
        "meeting": set(Meeting.objects.visible_to(user).values_list("pk", flat=True)),
        "minutes": set(Meeting.objects.minutes_visible_to(user).values_list("pk", flat=True)),
        "item": set(ActionItem.objects.visible_to(user).values_list("pk", flat=True)),
    }
    for thing, cells in zip(OBJECTS, row.split(), strict=True):
        for state, cell in zip(STATES, cells, strict=True):
            meeting, item = made[state]
            target = {"meeting": meeting, "minutes": meeting, "item": item}[thing]
            expected = cell == "Y"
            where = f"{thing} ({state})"
            assert can(user, ACTION[thing], target) is expected, where
            assert (target.pk in listed[thing]) is expected, where


@pytest.mark.parametrize("person", ["fasilitator", "anggota", "operator"])
def test_deleted_things_are_visible_to_nobody(
    people, fasilitator, member, public_community, person
):
    meeting, item = _meeting(
        public_community,
        "published",
        fasilitator=fasilitator,
        facilitating=people["facilitating"],
        owner=member,
    )
    actions.do_delete_action_item(item=item, by=fasilitator)
    item.refresh_from_db()
    user = people[person]
    assert not can(user, "action_item.view", item)
    assert not ActionItem.objects.visible_to(user).filter(pk=item.pk).exists()
    do_delete_community(community=public_community, by=None)
    meeting.refresh_from_db()
    meeting.community.refresh_from_db()
    for action, listed in (
        ("meeting.view", Meeting.objects.visible_to(user)),
        ("meeting.view_minutes", Meeting.objects.minutes_visible_to(user)),
    ):
        assert not can(user, action, meeting)
        assert not listed.filter(pk=meeting.pk).exists()
