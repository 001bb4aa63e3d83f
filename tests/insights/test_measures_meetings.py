"""Meetings held, attendance and action items done, against a hand-computed fixture."""

import datetime

import pytest

from komunitas.communities.models.membership import add_member
from komunitas.insights.measures import raw_figures
from komunitas.insights.period import Period
from komunitas.insights.scope import Kind, Scope
from komunitas.meetings.models import ActionItem, Attendance, Meeting
from tests.factories import make_user
from tests.insights.helpers import at

pytestmark = pytest.mark.django_db
PERIOD = Period(datetime.date(2026, 4, 2), datetime.date(2026, 6, 30))
D = datetime.date


def _meeting(community, on, **fields):
    return Meeting.objects.create(
        community=community, title=f"Pertemuan {on}", starts_at=at(on, 14), **fields
    )


def test_meetings_attendance_and_action_items(public_community, member, fasilitator, other_school):
    c = public_community  # members: Ratna, Siti and Gita (the mitra Endang is no member)
    gita = make_user(full_name="Gita", school=other_school)
    add_member(c, gita)
    m1 = _meeting(c, D(2026, 4, 10))
    m2 = _meeting(c, D(2026, 5, 8))
    _meeting(c, D(2026, 5, 22), status=Meeting.Status.CANCELLED)
    _meeting(c, D(2026, 3, 27))  # before the period
    old = _meeting(c, D(2026, 6, 5))
    old.deleted_at = at(D(2026, 6, 6))
    old.save()
    for meeting, people in ((m1, [member, fasilitator, gita]), (m2, [fasilitator])):
        for person in people:
            Attendance.objects.create(meeting=meeting, member=person, method="marked")
    ActionItem.objects.create(meeting=m1, owner=member, description="Coba tiket keluar",
                              status="done")  # fmt: skip
    ActionItem.objects.create(meeting=m1, owner=gita, description="Bagikan rubrik")
    ActionItem.objects.create(meeting=m2, owner=fasilitator, description="Undang narasumber",
                              status="done")  # fmt: skip

    raw = raw_figures(Scope(Kind.COMMUNITY, c.slug, community=c), PERIOD)
    assert raw["meetings_held"] == 2
    assert (raw["attendances"], raw["attendance_places"], raw["attendance_rate"]) == (4, 6, 66.7)
    assert (raw["action_items"], raw["action_items_done"]) == (3, 2)
    assert raw["action_items_done_share"] == 66.7

    school = member.school  # SD Depok: Ratna and Siti
    raw = raw_figures(Scope(Kind.SCHOOL, str(school.pk), school=school), PERIOD)
    assert (raw["attendances"], raw["attendance_places"]) == (3, 4)
    assert (raw["action_items"], raw["action_items_done"]) == (2, 2)
