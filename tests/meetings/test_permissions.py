"""The permission matrix for meetings: who may do what, in a public and in a private community.

Rows are people by their place in the community; columns are actions on a meeting in progress
whose minutes are published (``item``: updating an action item owned by the anggota).
``Y`` allowed, ``.`` not.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from komunitas.meetings.models import ActionItem, Meeting
from komunitas.permissions import can
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

ACTIONS = [
    "meeting.create",
    "meeting.view",
    "meeting.view_details",
    "meeting.manage",
    "meeting.view_attendance",
    "meeting.rsvp",
    "meeting.check_in",
    "meeting.view_minutes",
    "meeting.give_feedback",
    "meeting.view_feedback",
    "action_item.update",
    "meeting.apply",
]

# fmt: off
PUBLIC = {
    #              create view details manage attend rsvp checkin minutes feedbk summary item apply
    "fasilitator": "Y     Y    Y       Y      Y      Y    Y       Y       Y        Y       Y    Y",
    "anggota":     ".     Y    Y       .      .      Y    Y       Y       Y        .       Y    Y",
    "mitra":       ".     Y    Y       .      .      Y    Y       Y       Y        .       .    .",
    "outsider":    ".     Y    .       .      .      .    .       .       .        .       .    .",
    "operator":    ".     Y    Y       .      Y      .    .       Y       .        Y       .    .",
    "anonymous":   ".     .    .       .      .      .    .       .       .        .       .    .",
}
PRIVATE = {
    "fasilitator": "Y     Y    Y       Y      Y      Y    Y       Y       Y        Y       Y    Y",
    "anggota":     ".     Y    Y       .      .      Y    Y       Y       Y        .       Y    Y",
    "mitra":       ".     Y    Y       .      .      Y    Y       Y       Y        .       .    .",
    "outsider":    ".     .    .       .      .      .    .       .       .        .       .    .",
    "operator":    ".     Y    Y       .      Y      .    .       Y       .        Y       .    .",
    "anonymous":   ".     .    .       .      .      .    .       .       .        .       .    .",
}
# fmt: on


def _cases():
    cases = []
    for visibility, table in (("public", PUBLIC), ("private", PRIVATE)):
        for person, row in table.items():
            for action, cell in zip(ACTIONS, row.split(), strict=True):
                cases.append(
                    pytest.param(
                        visibility, person, action, cell == "Y",
                        id=f"{visibility}-{person}-{action}",
                    )
                )  # fmt: skip
    return cases


@pytest.fixture
def people(fasilitator, member, partner, outsider, operator):
    return {
        "fasilitator": fasilitator,
        "anggota": member,
        "mitra": partner,
        "outsider": outsider,
        "operator": operator,
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize(("visibility", "person", "action", "allowed"), _cases())
def test_permission_matrix(
    request, people, member, fasilitator, visibility, person, action, allowed
):
    community = request.getfixturevalue(f"{visibility}_community")
    meeting = make_meeting(community, starts_in=-datetime.timedelta(minutes=10))
    meeting.publish_minutes(by=fasilitator)
    targets = {
        "meeting.create": community,
        "action_item.update": ActionItem.objects.create(
            meeting=meeting, description="Mencoba", owner=member
        ),
    }
    assert can(people[person], action, targets.get(action, meeting)) is allowed


def test_unpublished_minutes_are_for_the_fasilitators(meeting, member, partner, fasilitator):
    assert can(fasilitator, "meeting.view_minutes", meeting)
    assert not can(member, "meeting.view_minutes", meeting)
    assert not can(partner, "meeting.view_minutes", meeting)


def test_the_member_who_facilitates_a_meeting_manages_it(public_community, member):
    meeting = make_meeting(public_community, facilitator=member)
    assert can(member, "meeting.manage", meeting)
    assert not can(member, "meeting.create", public_community)


def test_no_rsvp_after_the_end_or_when_cancelled(meeting, member):
    meeting.cancel(reason="Libur")
    assert not can(member, "meeting.rsvp", meeting)
    past = make_meeting(meeting.community, starts_in=-datetime.timedelta(days=1))
    assert not can(member, "meeting.rsvp", past)


def test_no_feedback_before_the_meeting_starts(meeting, member):
    assert not can(member, "meeting.give_feedback", meeting)


def test_a_deleted_meeting_is_gone_for_everyone(meeting, fasilitator, operator):
    Meeting.objects.filter(pk=meeting.pk).update(deleted_at=timezone.now())  # e.g. by an operator
    meeting.refresh_from_db()
    assert not can(fasilitator, "meeting.view", meeting)
    assert not can(operator, "meeting.view", meeting)


@pytest.mark.parametrize(
    ("person", "status"),
    [("fasilitator", 200), ("anggota", 200), ("mitra", 200), ("outsider", 404), ("operator", 200)],
)
def test_the_private_meeting_page_by_person(login, people, private_community, person, status):
    meeting = make_meeting(private_community)
    assert login(people[person]).get(f"/pertemuan/{meeting.pk}/").status_code == status


@pytest.mark.parametrize(
    "path",
    [
        "ubah/",
        "batalkan/",
        "kode/",
        "presensi/",
        "presensi.csv",
        "notulen/",
        "umpan-balik/ringkasan/",
    ],
)
def test_a_member_cannot_open_the_fasilitators_pages(login, meeting, member, path):
    assert login(member).get(f"/pertemuan/{meeting.pk}/{path}").status_code == 403


def test_an_operators_look_at_a_private_meeting_is_logged(login, private_community, operator):
    from komunitas.communities.models import LogEntry

    meeting = make_meeting(private_community)
    assert login(operator).get(meeting.get_absolute_url()).status_code == 200
    assert LogEntry.objects.filter(
        community=private_community, kind=LogEntry.Kind.OPERATOR_ACCESS, actor=operator
    ).exists()
