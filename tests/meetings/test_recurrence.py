"""The rhythm as RFC 5545 recurrence: month ends, the fifth weekday, and the three zones."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation

from komunitas.communities.models import Community
from komunitas.meetings import actions, services
from komunitas.meetings.models import Meeting
from komunitas.meetings.templatetags.meetings import meeting_when
from tests.factories import make_community

UTC = datetime.UTC


def _rhythm(**fields):
    return Community(name="x", slug="x", domain="x", **fields)


def _dates(community, start, count):
    return [m.date() for m in services.rhythm_starts(community, start=start, count=count)]


def test_the_rule_is_written_as_rfc_5545():
    community = _rhythm(rhythm_frequency="monthly", rhythm_weeks="2,5", rhythm_weekday=3)
    text = str(community.rhythm_rule(datetime.date(2026, 1, 1)))
    assert "RRULE:FREQ=MONTHLY;BYDAY=-1TH,+2TH" in text


def test_the_last_thursday_is_the_fifth_when_a_month_has_five():
    community = _rhythm(rhythm_frequency="monthly", rhythm_weeks="5", rhythm_weekday=3)
    assert _dates(community, datetime.date(2026, 1, 1), 4) == [
        datetime.date(2026, 1, 29),  # January 2026 has five Thursdays
        datetime.date(2026, 2, 26),  # February only four
        datetime.date(2026, 3, 26),
        datetime.date(2026, 4, 30),  # April five again
    ]


def test_the_first_monday_right_after_a_31st():
    community = _rhythm(rhythm_frequency="monthly", rhythm_weeks="1", rhythm_weekday=0)
    assert _dates(community, datetime.date(2026, 8, 31), 2) == [
        datetime.date(2026, 9, 7),
        datetime.date(2026, 10, 5),
    ]


def test_weekly_across_the_31st_and_a_short_february():
    community = _rhythm(rhythm_frequency="weekly", rhythm_weekday=5)  # Saturdays
    assert _dates(community, datetime.date(2026, 1, 30), 3) == [
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 7),
        datetime.date(2026, 2, 14),
    ]


def test_every_two_weeks_from_the_31st_of_december_crosses_the_year():
    community = _rhythm(
        rhythm_frequency="every_n_weeks",
        rhythm_interval=2,
        rhythm_weekday=3,
        rhythm_start=datetime.date(2026, 12, 31),
    )
    assert _dates(community, datetime.date(2027, 1, 1), 3) == [
        datetime.date(2027, 1, 14),
        datetime.date(2027, 1, 28),
        datetime.date(2027, 2, 11),
    ]


def test_every_three_weeks_keeps_its_phase_however_far_ahead():
    community = _rhythm(
        rhythm_frequency="every_n_weeks",
        rhythm_interval=3,
        rhythm_weekday=1,
        rhythm_start=datetime.date(2026, 1, 6),
    )
    dates = _dates(community, datetime.date(2027, 6, 1), 2)
    assert all((d - datetime.date(2026, 1, 6)).days % 21 == 0 for d in dates)
    assert all(d.weekday() == 1 for d in dates)


@pytest.mark.parametrize(
    ("zone", "utc_hour"),
    [("Asia/Jakarta", 7), ("Asia/Makassar", 6), ("Asia/Jayapura", 5)],
)
def test_two_in_the_afternoon_in_each_zone(zone, utc_hour):
    community = _rhythm(
        rhythm_frequency="monthly",
        rhythm_weeks="2",
        rhythm_weekday=3,
        rhythm_time=datetime.time(14, 0),
        rhythm_zone=zone,
    )
    [start] = services.rhythm_starts(community, start=datetime.date(2026, 1, 1), count=1)
    assert start.astimezone(UTC) == datetime.datetime(2026, 1, 8, utc_hour, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_meeting_scheduled_in_wita_reads_right_in_wib_and_wit(fasilitator):
    community = make_community(
        fasilitator,
        rhythm_frequency="weekly",
        rhythm_weekday=3,
        rhythm_time=datetime.time(14, 0),
        rhythm_zone="Asia/Makassar",
    )
    with time_machine.travel(datetime.datetime(2026, 1, 1, 0, 0, tzinfo=UTC)):
        [meeting] = actions.do_schedule_from_rhythm(
            community=community,
            by=fasilitator,
            dates=[datetime.date(2026, 1, 8)],
            title="Pertemuan",
            duration_minutes=90,
            mode="daring",
            online_link="https://meet.example/x",
        )
    assert meeting.zone == "Asia/Makassar"
    assert meeting.local_start.hour == 14
    with translation.override("en"):
        with timezone.override(ZoneInfo("Asia/Jayapura")):
            assert "15.00–16.30 WIT (14.00 WITA)" in meeting_when(meeting)
        with timezone.override(ZoneInfo("Asia/Makassar")):
            text = meeting_when(meeting)
            assert "14.00–15.30 WITA" in text and "(" not in text


@pytest.mark.django_db
def test_scheduling_from_the_rhythm_twice_makes_each_meeting_once(fasilitator):
    community = make_community(
        fasilitator, rhythm_frequency="monthly", rhythm_weeks="2,4", rhythm_weekday=3
    )
    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=UTC)):
        plan = services.rhythm_plan(community, start=datetime.date(2026, 1, 1), count=4)
        dates = [p.date for p in plan]
        fields = {"title": "Rutin", "duration_minutes": 60, "mode": "luring", "place": "SD 1"}
        first = actions.do_schedule_from_rhythm(
            community=community, by=fasilitator, dates=dates, **fields
        )
        first[0].cancel(reason="Libur")
        again = actions.do_schedule_from_rhythm(
            community=community, by=fasilitator, dates=dates, **fields
        )
        plan = services.rhythm_plan(community, start=datetime.date(2026, 1, 1), count=4)
    assert len(first) == 4 and again == []  # a cancelled date is not scheduled again
    assert all(p.meeting for p in plan)
    assert Meeting.objects.filter(community=community).count() == 4


@pytest.mark.django_db
def test_a_moved_meeting_keeps_its_rhythm_date(fasilitator):
    community = make_community(
        fasilitator, rhythm_frequency="weekly", rhythm_weekday=3, rhythm_time=datetime.time(14)
    )
    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=UTC)):
        [meeting] = actions.do_schedule_from_rhythm(
            community=community,
            by=fasilitator,
            dates=[datetime.date(2026, 1, 8)],
            title="Rutin",
            duration_minutes=60,
            mode="luring",
            place="SD 1",
        )
        meeting.starts_at += datetime.timedelta(days=1)
        actions.do_update_meeting(meeting=meeting, changed=["starts_at"], by=fasilitator)
        plan = services.rhythm_plan(community, start=datetime.date(2026, 1, 2), count=2)
    assert plan[0].meeting == meeting  # the 8th is taken by the moved meeting
    assert plan[1].meeting is None
    assert meeting.sequence == 1


@pytest.mark.django_db
def test_rhythm_adherence_counts_held_against_planned(fasilitator):
    community = make_community(
        fasilitator, rhythm_frequency="weekly", rhythm_weekday=3, rhythm_time=datetime.time(14)
    )
    today = datetime.date(2026, 4, 1)
    starts = services.rhythm_starts(community, start=datetime.date(2026, 1, 1), count=13)
    for n, start in enumerate(starts):
        meeting = Meeting.objects.create(
            community=community, title="Rutin", starts_at=start, rhythm_date=start.date()
        )
        if n % 4 == 0:
            meeting.cancel(reason="Libur")
    result = services.rhythm_adherence(community, today=today)
    assert result["planned"] == 13
    assert result["held"] == 9
    assert result["percent"] == 69


@pytest.mark.django_db
def test_adherence_without_a_rhythm_counts_the_scheduled_meetings_in_one_query(
    fasilitator, django_assert_num_queries
):
    community = make_community(fasilitator)
    for day, cancelled in ((5, False), (12, True), (19, False), (26, False)):
        meeting = Meeting.objects.create(
            community=community,
            title="Pertemuan",
            starts_at=datetime.datetime(2026, 2, day, 14, tzinfo=ZoneInfo("Asia/Jakarta")),
        )
        if cancelled:
            meeting.cancel(reason="Libur")
    with django_assert_num_queries(1):
        result = services.rhythm_adherence(community, today=datetime.date(2026, 4, 1))
    assert (result["held"], result["planned"], result["percent"]) == (3, 4, 75)
