"""Calendars, read back with the icalendar library: the per-meeting file, the community feed
and the member's secret feed; zones, cancellations and privacy."""

import datetime
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from komunitas.communities.actions import do_leave
from komunitas.meetings import actions
from komunitas.meetings.ical import google_calendar_url
from komunitas.meetings.models import CalendarToken
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict:
    return {str(event["summary"]).split(" · ")[0]: event for event in calendar.walk("VEVENT")}


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def wita_meeting(public_community, fasilitator):
    start = datetime.datetime(2030, 1, 10, 14, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    return make_meeting(
        public_community,
        title="Daring WITA",
        starts_at=start,
        zone="Asia/Makassar",
        duration_minutes=90,
        mode="daring",
        place="",
        online_link="https://meet.example/rahasia",
        facilitator=fasilitator,
    )


def test_the_community_feed_works_without_login_and_keeps_the_zone(anonymous, wita_meeting):
    calendar = _parse(anonymous.get("/k/berdiferensiasi/pertemuan/kalender.ics"))
    event = _events(calendar)["Daring WITA"]
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Makassar"
    assert start.hour == 14
    assert event.decoded("dtend") - start == datetime.timedelta(minutes=90)
    assert start.astimezone(datetime.UTC).hour == 6
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Makassar"]
    assert str(event["uid"]) == wita_meeting.uid
    assert str(event["status"]) == "CONFIRMED"


def test_the_public_feed_hides_the_online_link(anonymous, wita_meeting):
    body = anonymous.get("/k/berdiferensiasi/pertemuan/kalender.ics").content
    assert b"meet.example/rahasia" not in body


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(anonymous, wita_meeting, fasilitator):
    actions.do_cancel_meeting(meeting=wita_meeting, reason="Banjir", by=fasilitator)
    event = _events(_parse(anonymous.get("/k/berdiferensiasi/pertemuan/kalender.ics")))[
        "Daring WITA"
    ]
    assert str(event["status"]) == "CANCELLED"
    assert event["sequence"] == 1
    assert "Banjir" in str(event["description"])


def test_a_moved_meeting_keeps_its_uid_and_raises_its_sequence(
    anonymous, wita_meeting, fasilitator
):
    wita_meeting.starts_at += datetime.timedelta(days=1)
    actions.do_update_meeting(meeting=wita_meeting, changed=["starts_at"], by=fasilitator)
    event = _events(_parse(anonymous.get("/k/berdiferensiasi/pertemuan/kalender.ics")))[
        "Daring WITA"
    ]
    assert str(event["uid"]) == wita_meeting.uid
    assert event["sequence"] == 1
    assert event.decoded("dtstart").day == 11


def test_private_community_meetings_are_never_in_a_public_feed(
    anonymous, private_community, member, outsider
):
    make_meeting(private_community, title="Rahasia")
    assert anonymous.get("/k/lingkar-rahasia/pertemuan/kalender.ics").status_code == 404
    outsiders = actions.do_open_calendar_address(user=outsider).token
    response = anonymous.get(f"/k/lingkar-rahasia/pertemuan/kalender.ics?token={outsiders}")
    assert response.status_code == 404
    token = actions.do_open_calendar_address(user=member).token
    feed = _parse(anonymous.get(f"/k/lingkar-rahasia/pertemuan/kalender.ics?token={token}"))
    assert "Rahasia" in _events(feed)


def test_the_member_feed_has_every_community_of_the_member_and_no_other(
    anonymous, public_community, private_community, member, outsider
):
    make_meeting(public_community, title="Umum", mode="daring", online_link="https://m.example/u")
    make_meeting(private_community, title="Rahasia")
    token = actions.do_open_calendar_address(user=member).token
    events = _events(_parse(anonymous.get(f"/pertemuan/kalender/{token}.ics")))
    assert set(events) == {"Umum", "Rahasia"}
    assert "https://m.example/u" in str(events["Umum"]["description"])
    outsiders = actions.do_open_calendar_address(user=outsider).token
    assert _events(_parse(anonymous.get(f"/pertemuan/kalender/{outsiders}.ics"))) == {}


def test_leaving_a_community_drops_its_meetings_from_the_feed(anonymous, private_community, member):
    make_meeting(private_community, title="Rahasia")
    token = actions.do_open_calendar_address(user=member).token
    do_leave(membership=private_community.membership_of(member))
    assert _events(_parse(anonymous.get(f"/pertemuan/kalender/{token}.ics"))) == {}


def test_a_renewed_address_revokes_the_old_one(login, anonymous, member, public_community):
    old = actions.do_open_calendar_address(user=member).token
    assert anonymous.get(f"/pertemuan/kalender/{old}.ics").status_code == 200
    response = login(member).post("/pertemuan/kalender/")
    assert response.status_code == 302
    new = CalendarToken.objects.get(user=member).token
    assert new != old
    assert anonymous.get(f"/pertemuan/kalender/{old}.ics").status_code == 404
    assert anonymous.get(f"/pertemuan/kalender/{new}.ics").status_code == 200
    assert new.encode() in login(member).get("/pertemuan/kalender/").content


def test_a_wrong_token_is_404(anonymous):
    assert anonymous.get("/pertemuan/kalender/bukan-token.ics").status_code == 404


def test_the_meeting_file_is_one_event_and_needs_a_login(login, anonymous, wita_meeting, member):
    assert anonymous.get(f"/pertemuan/{wita_meeting.pk}/kalender.ics").status_code == 302
    response = login(member).get(f"/pertemuan/{wita_meeting.pk}/kalender.ics")
    assert "attachment" in response["Content-Disposition"]
    [event] = _parse(response).walk("VEVENT")
    assert "meet.example/rahasia" in str(event["location"])


def test_the_google_calendar_link_carries_utc_times_and_the_zone(wita_meeting):
    query = parse_qs(urlparse(google_calendar_url(wita_meeting, details=False)).query)
    assert query["dates"] == ["20300110T060000Z/20300110T073000Z"]
    assert query["ctz"] == ["Asia/Makassar"]
    assert query["action"] == ["TEMPLATE"]
