"""Meetings held, attendance and action items done, against a hand-computed fixture."""

import datetime

import pytest

from komunitas.communities.actions import do_add_member
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
    do_add_member(community=c, user=gita)
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
    # By month, January to June: 27 March (before the period, inside the six months), 10 April
    # and 8 May were held; the cancelled and the deleted meetings are not.
    assert raw["trends"]["series"]["meetings"] == [0, 0, 1, 1, 1, 0]
    assert raw["trends"]["series"]["attendances"] == [0, 0, 0, 3, 1, 0]

    school = member.school  # SD Depok: Ratna and Siti
    raw = raw_figures(Scope(Kind.SCHOOL, str(school.pk), school=school), PERIOD)
    assert (raw["attendances"], raw["attendance_places"]) == (3, 4)
    assert (raw["action_items"], raw["action_items_done"]) == (2, 2)


def test_rhythm_adherence_is_the_meetings_apps_over_the_period(public_community, member):
    """Weekly on Thursday at 14.00: the period 2 April – 30 June 2026 gives 13 Thursdays (2 April
    is one); ten meetings were scheduled on them, one cancelled: 9 held of 13 planned, 69 %."""
    from komunitas.meetings import services

    c = public_community
    c.rhythm_frequency, c.rhythm_weekday, c.rhythm_time = "weekly", 3, datetime.time(14)
    c.save()
    starts = services.rhythm_starts(c, start=PERIOD.start, count=13)
    assert (starts[0].date(), starts[-1].date()) == (D(2026, 4, 2), D(2026, 6, 25))
    for n, start in enumerate(starts[:10]):
        meeting = Meeting.objects.create(
            community=c, title="Rutin", starts_at=start, rhythm_date=start.date()
        )
        if n == 4:
            meeting.cancel(reason="Libur")
    Meeting.objects.create(community=c, title="Sebelumnya", starts_at=at(D(2026, 3, 26), 14))

    raw = raw_figures(Scope(Kind.COMMUNITY, c.slug, community=c), PERIOD)
    assert (raw["rhythm_held"], raw["rhythm_planned"], raw["rhythm_adherence"]) == (9, 13, 69)

    school = member.school  # a rhythm is a community's: not in a school's figures
    assert "rhythm_adherence" not in raw_figures(
        Scope(Kind.SCHOOL, str(school.pk), school=school), PERIOD
    )


def test_the_community_dashboard_shows_the_rhythm_kept(login, fasilitator, public_community):
    from django.utils import timezone

    from komunitas.meetings import services

    c = public_community
    c.rhythm_frequency, c.rhythm_weekday, c.rhythm_time = "weekly", 3, datetime.time(14)
    c.save()
    today = timezone.localdate()
    for start in services.rhythm_starts(c, start=today - datetime.timedelta(days=40), count=3):
        Meeting.objects.create(
            community=c, title="Rutin", starts_at=start, rhythm_date=start.date()
        )
    fasilitator.language = "en"
    fasilitator.save(update_fields=["language"])
    page = login(fasilitator).get("/wawasan/komunitas/berdiferensiasi/")
    found = {m.definition.key: m for _n, _l, ms in page.context["aims"] for m in ms}
    # the 90 days up to today give 13 Thursdays (12 or 13 by the weekday); 3 were held
    assert found["rhythm_adherence"].raw["rhythm_held"] == 3
    assert found["rhythm_adherence"].raw["rhythm_planned"] in (12, 13)
    assert "Rhythm kept" in page.content.decode()
