"""The permission matrix of learning journeys: every person × every object and action, in a
public and a private community. ``Y`` allowed, ``.`` not.

Siti (the owner) keeps the plan, the reflection, the training and the follow-up; Dewi accompanies
her (an active pendampingan in the public community); an ended pendamping, the fasilitator,
another anggota, a partner (mitra: kepala sekolah, pengawas, Dinas), an outsider, the operator and
an anonymous visitor look on. Wherever a list shows the thing, ``can(view)`` must agree with
``visible_to`` (plans, reflections) or the member's own list (trainings): tests/journeys/
test_visibility.py covers the reading rule in depth, this file every action.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from komunitas.communities.actions import do_add_member
from komunitas.journeys.actions import do_record_checkin
from komunitas.journeys.models import (
    FollowUp,
    LearningPlan,
    Mentorship,
    Reflection,
    Training,
)
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
# A plan, by its visibility: view, edit, check in, respond to its check-in.
PLAN = {
    #             owner    pend     ended    fasil    anggota  mitra    outsider operator anon
    "private":   "YYY.     ....     ....     ....     ....     ....     ....     ....     ....",
    "mentor":    "YYY.     Y..Y     ....     ....     ....     ....     ....     ....     ....",
    "community": "YYY.     Y..Y     Y...     Y...     Y...     ....     ....     ....     ....",
}
PLAN_ACTIONS = ["plan.view", "plan.edit", "plan.checkin", "checkin.respond"]

# A reflection, by its visibility: view, edit.
REFLECTION = {
    "private":   "YY       ..       ..       ..       ..       ..       ..       ..       ..",
    "mentor":    "YY       Y.       ..       ..       ..       ..       ..       ..       ..",
    "community": "YY       Y.       Y.       Y.       Y.       ..       ..       ..       ..",
}
REFLECTION_ACTIONS = ["reflection.view", "reflection.edit"]

# The rest, the same in either community: a training (view, edit), a follow-up (answer), the
# active pendampingan (view, respond, end) and one the owner asked for that waits for the mentor.
OTHERS = {
    "training":  "YY       ..       ..       ..       ..       ..       ..       ..       ..",
    "follow_up": "Y        .        .        .        .        .        .        .        .",
    "active":    "Y.Y      Y.Y      ...      Y.Y      ...      ...      ...      ...      ...",
    "pending":   "Y.Y      YYY      ...      Y.Y      ...      ...      ...      ...      ...",
}
OTHER_ACTIONS = {
    "training": ["training.view", "training.edit"],
    "follow_up": ["followup.answer"],
    "active": ["mentorship.view", "mentorship.respond", "mentorship.end"],
    "pending": ["mentorship.view", "mentorship.respond", "mentorship.end"],
}
# fmt: on


def _cells(table: dict) -> list:
    cases = []
    for key, row in table.items():
        for person, cell in zip(PEOPLE, row.split(), strict=True):
            cases.append((key, person, [c == "Y" for c in cell]))
    return cases


@pytest.fixture
def people(
    member, mentor, fasilitator, colleague, partner, outsider, operator, community, pair
) -> dict:
    ended = make_user(full_name="Mantan Pendamping")
    do_add_member(community=community, user=ended)
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


@pytest.fixture
def places(people, community, private_community) -> dict:
    do_add_member(community=private_community, user=people["ended_pendamping"])
    return {"public": community, "private": private_community}


@pytest.mark.parametrize("where", ["public", "private"])
@pytest.mark.parametrize(("visibility", "person", "expected"), _cells(PLAN))
def test_plan_matrix(people, places, where, visibility, person, expected):
    owner, user = people["owner"], people[person]
    plan = LearningPlan.objects.create(
        owner=owner, community=places[where], title="Rencana", visibility=visibility
    )
    checkin = do_record_checkin(plan=plan, author=owner, status="on_track")

    answers = [can(user, action, plan) for action in PLAN_ACTIONS[:3]]
    answers.append(can(user, "checkin.respond", checkin))
    assert answers == expected
    assert LearningPlan.objects.visible_to(user).filter(pk=plan.pk).exists() is expected[0]


@pytest.mark.parametrize("where", ["public", "private"])
@pytest.mark.parametrize(("visibility", "person", "expected"), _cells(REFLECTION))
def test_reflection_matrix(people, places, where, visibility, person, expected):
    user = people[person]
    reflection = Reflection.objects.create(
        author=people["owner"],
        community=places[where],
        title="Refleksi",
        visibility=visibility,
        body="…",
    )

    assert [can(user, action, reflection) for action in REFLECTION_ACTIONS] == expected
    assert Reflection.objects.visible_to(user).filter(pk=reflection.pk).exists() is expected[0]


def _other(key, people, community):
    owner = people["owner"]
    if key == "training":
        return Training.objects.create(
            member=owner, name="Asesmen Diagnostik", started_on=datetime.date(2026, 2, 10)
        )
    if key == "follow_up":
        return FollowUp.objects.create(
            member=owner,
            target_type=ContentType.objects.get_for_model(community),
            target_id=community.pk,
            community=community,
            reason=FollowUp.Reason.MEETING,
            weeks=2,
            since=timezone.now(),
        )
    if key == "active":
        return Mentorship.objects.get(mentor=people["pendamping"], status="active")
    Mentorship.objects.filter(mentor=people["pendamping"]).update(status="ended")
    return Mentorship.objects.create(  # asking is agreeing, for oneself
        community=community,
        mentor=people["pendamping"],
        mentee=owner,
        requested_by=owner,
        mentee_agreed_at=timezone.now(),
    )


@pytest.mark.parametrize(("key", "person", "expected"), _cells(OTHERS))
def test_training_follow_up_and_pendampingan_matrix(people, community, key, person, expected):
    obj = _other(key, people, community)
    user = people[person]

    assert [can(user, action, obj) for action in OTHER_ACTIONS[key]] == expected
    if key == "training":
        owns = user.is_authenticated and Training.objects.of(user).filter(pk=obj.pk).exists()
        assert owns is expected[0]


def test_nobody_answers_a_dismissed_follow_up_and_nobody_edits_a_deleted_plan(people, community):
    follow_up = _other("follow_up", people, community)
    follow_up.dismiss()
    plan = LearningPlan.objects.create(owner=people["owner"], title="Rencana")
    plan.soft_delete()

    assert not can(people["owner"], "followup.answer", follow_up)
    assert not can(people["owner"], "plan.edit", plan)
    assert not LearningPlan.objects.visible_to(people["owner"]).filter(pk=plan.pk).exists()
