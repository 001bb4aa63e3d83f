"""The people of tests/fixtures_communities.py (Ratna the fasilitator, Siti a member, Endang a
partner, Budi the outsider, the operator), a second fasilitator (Wati), Dinas officers of
Sleman (where the communities are) and of Bantul, and Siti's record in the public community:
three meetings she checked in to and two practices she applied in class, all last month."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from komunitas.accounts.models import Regency, User
from komunitas.certificates import actions
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.discussions.models import ClassroomApplication, Post
from komunitas.meetings.models import Attendance, Meeting
from tests.factories import make_community, make_user
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)
from tests.fixtures_communities import PRIVATE, PUBLIC, populate

SLEMAN = "34.04"


@pytest.fixture
def public_community(fasilitator, member, partner):
    community = make_community(fasilitator, **PUBLIC, regency=Regency.objects.get(code=SLEMAN))
    return populate(community, member, partner)


@pytest.fixture
def private_community(fasilitator, member, partner):
    community = make_community(fasilitator, **PRIVATE, regency=Regency.objects.get(code=SLEMAN))
    return populate(community, member, partner)


@pytest.fixture
def cofasilitator(public_community, private_community):
    wati = make_user("wati@contoh.test", full_name="Wati Lestari", role=User.Role.GURU_PENGGERAK)
    for community in (public_community, private_community):
        do_add_member(community=community, user=wati, role=Membership.Role.FASILITATOR)
        community.forget_membership_cache()
    return wati


@pytest.fixture
def dinas(db):
    return make_user(
        "dinas@contoh.test",
        full_name="Lestari",
        role=User.Role.DINAS,
        regency=Regency.objects.get(code=SLEMAN),
    )


@pytest.fixture
def other_dinas(db):
    return make_user(
        "dinas-bantul@contoh.test",
        full_name="Dinas Bantul",
        role=User.Role.DINAS,
        regency=Regency.objects.get(code="34.02"),
    )


@pytest.fixture
def last_month():
    today = timezone.localdate()
    return today - datetime.timedelta(days=40), today - datetime.timedelta(days=1)


def attend(community, user, day: datetime.date, title="Pertemuan rutin"):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    meeting = Meeting.objects.create(
        community=community, title=title, starts_at=moment, mode=Meeting.Mode.IN_PERSON
    )
    return Attendance.objects.create(meeting=meeting, member=user, method=Attendance.Method.CODE)


def apply_in_class(community, user, day: datetime.date, class_name="4B"):
    post = Post.objects.filter(community=community, kind=Post.Kind.GOOD_PRACTICE).first()
    if post is None:
        post = Post.objects.create(
            community=community,
            author=user,
            kind=Post.Kind.GOOD_PRACTICE,
            title="Kelompok fleksibel",
            body="Cara saya.",
        )
    return ClassroomApplication.objects.create(
        member=user,
        community=community,
        target_type=ContentType.objects.get_for_model(post),
        target_id=post.pk,
        applied_on=day,
        class_name=class_name,
        what_happened="Murid lebih aktif.",
        outcome=ClassroomApplication.Outcome.BETTER,
    )


@pytest.fixture
def record(public_community, member, last_month):
    """Siti's record last month: 3 meetings and 2 practices."""
    start, _end = last_month
    for n in range(3):
        attend(public_community, member, start + datetime.timedelta(days=5 + 7 * n))
    for n in range(2):
        apply_in_class(public_community, member, start + datetime.timedelta(days=6 + 7 * n))
    return public_community


@pytest.fixture
def rules(public_community, fasilitator):
    return actions.do_set_rules(
        community=public_community, by=fasilitator, per_meeting=2, per_practice=1, cap=None
    )


@pytest.fixture
def requested(record, rules, member, last_month):
    start, end = last_month
    return actions.do_request_certificate(community=record, member=member, start=start, end=end)


@pytest.fixture
def issued(requested, fasilitator):
    return actions.do_issue_certificate(certificate=requested, by=fasilitator)
