"""Daily and weekly digests: one mail per member and period, in their language and zone."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from komunitas.communities.actions import do_ask_to_join
from komunitas.communities.models import Membership
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import Mail, Notification, Preference
from tests.factories import make_user

pytestmark = pytest.mark.django_db

KIND = "communities.join_request"
# Tuesday 3 March 2026, 10.00 WITA (Makassar, UTC+8)
TUESDAY_10_WITA = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


@pytest.fixture
def reader(fasilitator):
    """Ratna reads English, lives in WITA and wants join requests in a digest."""
    fasilitator.language, fasilitator.time_zone = "en", "Asia/Makassar"
    fasilitator.save(update_fields=["language", "time_zone"])
    return fasilitator


def _choose(user, delivery):
    Preference.objects.update_or_create(user=user, kind=KIND, defaults={"delivery": delivery})


def _ask(community, commit, times=1):
    for _ in range(times):
        with commit():
            do_ask_to_join(community=community, user=make_user())


def test_the_daily_digest_comes_once_the_next_morning_in_the_members_zone(
    reader, public_community, commit, run_worker, run_jobs, mailoutbox
):
    _choose(reader, Delivery.DAILY)
    with time_machine.travel(TUESDAY_10_WITA, tick=False) as clock:
        _ask(public_community, commit, times=2)
        run_worker()
        run_jobs()
        assert mailoutbox == []  # today's digest period began at 07.00, before these
        clock.shift(timedelta(hours=20, minutes=59))  # Wednesday 06.59 WITA
        run_jobs()
        assert mailoutbox == []
        clock.shift(timedelta(minutes=1))  # 07.00 WITA
        run_jobs()
        clock.shift(timedelta(minutes=30))  # the job runs again: nothing more
        run_jobs()

        assert len(mailoutbox) == 1
        mail = mailoutbox[0]
        assert mail.to == [reader.email]
        assert mail.subject == "Your daily digest from Komunitas Praktisi"
        assert "2 teachers ask to join Komunitas Berdiferensiasi" in mail.body
        assert "WITA" in mail.body
        assert "3 Mar, 10.00" in mail.body  # the time in her zone
        assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        digest = Mail.objects.get(kind=Mail.Kind.DAILY)
        assert (digest.period, digest.status) == ("2026-03-04", Mail.Status.SENT)

        clock.shift(timedelta(days=1))  # Thursday: nothing new, no mail
        run_jobs()
    assert len(mailoutbox) == 1


def test_the_digest_is_in_indonesian_for_a_member_who_reads_it(
    fasilitator, public_community, commit, run_worker, run_jobs, mailoutbox
):
    _choose(fasilitator, Delivery.DAILY)
    with time_machine.travel(TUESDAY_10_WITA, tick=False) as clock:
        _ask(public_community, commit)
        run_worker()
        clock.shift(timedelta(days=1))
        run_jobs()
    with translation.override("id"):
        assert mailoutbox[0].subject == translation.gettext(
            "Your daily digest from Komunitas Praktisi"
        )
    assert "WIB" in mailoutbox[0].body


def test_the_weekly_digest_comes_on_monday_morning(
    reader, public_community, commit, run_worker, run_jobs, mailoutbox
):
    _choose(reader, Delivery.WEEKLY)
    with time_machine.travel(TUESDAY_10_WITA, tick=False) as clock:
        _ask(public_community, commit)
        run_worker()
        for _day in range(5):  # Wednesday to Sunday
            clock.shift(timedelta(days=1))
            run_jobs()
        assert mailoutbox == []
        clock.shift(timedelta(days=1))  # Monday 10.00 WITA
        run_jobs()
        clock.shift(timedelta(hours=1))
        run_jobs()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Your weekly digest from Komunitas Praktisi"
    assert Mail.objects.get().period == "2026-W11"


def test_nothing_read_or_no_longer_visible_goes_into_a_digest(
    reader, public_community, commit, run_worker, run_jobs, mailoutbox
):
    _choose(reader, Delivery.DAILY)
    with time_machine.travel(TUESDAY_10_WITA, tick=False) as clock:
        _ask(public_community, commit)
        run_worker()
        Notification.objects.update(read_at=TUESDAY_10_WITA)
        clock.shift(timedelta(days=1))
        run_jobs()
        assert mailoutbox == []

        _ask(public_community, commit)
        run_worker()
        # She hands the community over before the next morning: she may no longer manage it.
        other = make_user()
        public_community.memberships.create(user=other, role=Membership.Role.FASILITATOR)
        Membership.objects.filter(user=reader, community=public_community).update(
            role=Membership.Role.ANGGOTA
        )
        clock.shift(timedelta(days=1))
        run_jobs()
    assert mailoutbox == []


def test_one_click_unsubscribe_from_the_digest(
    client, reader, public_community, commit, run_worker, run_jobs, mailoutbox
):
    _choose(reader, Delivery.DAILY)
    with time_machine.travel(TUESDAY_10_WITA, tick=False) as clock:
        _ask(public_community, commit)
        run_worker()
        clock.shift(timedelta(days=1))
        run_jobs()
    url = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]

    asked = client.get(path)  # in her language (English), though nobody is logged in
    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert "the daily digest" in asked.content.decode()
    assert done.status_code == 200
    chosen = dict(Preference.objects.filter(user=reader).values_list("kind", "delivery"))
    assert chosen[KIND] == Delivery.IN_APP
    assert chosen["communities.commitment_changed"] == Delivery.IN_APP  # daily by default
    assert chosen.get("communities.role_changed", Delivery.IMMEDIATELY) == Delivery.IMMEDIATELY


def test_apps_add_sections_to_a_digest(
    reader, public_community, commit, run_worker, run_jobs, mailoutbox
):
    from komunitas.notifications import digest_sections

    def coming_meetings(user, *, weekly, since):
        return {
            "title": f"Coming meetings for {user.full_name}",
            "items": [{"text": "Pertemuan rutin Kamis", "url": "/k/berdiferensiasi/"}],
        }

    def nothing(user, *, weekly, since):
        return None

    digest_sections.digest_section(order=10)(coming_meetings)
    digest_sections.digest_section(order=20)(nothing)
    try:
        _choose(reader, Delivery.DAILY)
        with time_machine.travel(TUESDAY_10_WITA, tick=False) as clock:
            _ask(public_community, commit)
            run_worker()
            clock.shift(timedelta(days=1))
            run_jobs()
    finally:
        digest_sections.unregister(coming_meetings)
        digest_sections.unregister(nothing)
    body = mailoutbox[0].body
    assert "Coming meetings for Ratna Kusuma" in body
    assert "Pertemuan rutin Kamis" in body
    assert "/k/berdiferensiasi/" in body
