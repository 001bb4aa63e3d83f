"""Reads are remembered per process and written in batches (komunitas/reads/recorder.py): a GET
writes nothing, the flush writes one row per member, community and day, and insights reads it."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from komunitas.insights.participation import participation
from komunitas.insights.scope import resolve
from komunitas.reads import recorder
from komunitas.reads.models import ReadActivity
from komunitas.reads.recorder import flush, record_read

pytestmark = pytest.mark.django_db


def test_a_read_is_recorded_once_a_day(member, public_community):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)):
        record_read(member, public_community)
        record_read(member, public_community)
    with time_machine.travel(datetime.datetime(2026, 3, 3, 9, tzinfo=datetime.UTC)):
        record_read(member, public_community)
    assert recorder.pending() == 2
    assert flush() == 2
    days = ReadActivity.objects.filter(user=member).values_list("day", flat=True)
    assert sorted(days) == [datetime.date(2026, 3, 2), datetime.date(2026, 3, 3)]


def test_a_read_asks_the_database_nothing(member, public_community, django_assert_num_queries):
    public_community.membership_of(member)  # as the permission check has loaded it
    with django_assert_num_queries(0):
        record_read(member, public_community)
        record_read(member, public_community)


def test_a_read_after_the_flush_of_the_same_day_costs_nothing(member, public_community):
    record_read(member, public_community)
    assert flush() == 1
    record_read(member, public_community)
    assert recorder.pending() == 0 and flush() == 0
    assert ReadActivity.objects.count() == 1


def test_the_last_read_of_the_day_is_written_for_that_day(member, public_community):
    """Nothing is lost at midnight: the key carries its day, the next flush writes it."""
    with time_machine.travel(datetime.datetime(2026, 3, 2, 16, 59, 59, tzinfo=datetime.UTC)):
        record_read(member, public_community)  # 23:59:59 in Jakarta
    with time_machine.travel(datetime.datetime(2026, 3, 2, 17, 0, 5, tzinfo=datetime.UTC)):
        flush()
    assert list(ReadActivity.objects.values_list("day", flat=True)) == [datetime.date(2026, 3, 2)]


def test_two_processes_remembering_the_same_read_write_one_row(member, public_community):
    record_read(member, public_community)
    flush()
    recorder.forget()  # another process: it has not seen this process's flush
    record_read(member, public_community)
    flush()
    assert ReadActivity.objects.count() == 1


def test_an_anonymous_visit_records_nothing(public_community):
    from django.contrib.auth.models import AnonymousUser

    record_read(AnonymousUser(), public_community)
    assert recorder.pending() == 0


def test_an_outsider_who_cannot_see_a_private_community_records_no_read(
    login, outsider, private_community
):
    assert login(outsider).get(f"/k/{private_community.slug}/diskusi/").status_code == 404
    flush()
    assert not ReadActivity.objects.exists()


def test_reading_the_discussions_records_a_read(login, member, private_community):
    client = login(member)
    assert client.get(f"/k/{private_community.slug}/diskusi/").status_code == 200
    assert client.get(f"/k/{private_community.slug}/diskusi/").status_code == 200
    flush()
    assert ReadActivity.objects.filter(user=member, community=private_community).count() == 1


def test_only_members_are_readers(login, partner, operator, outsider, public_community):
    """A mitra, an operator or a visitor reading a public community is not one of its readers."""
    for person in (partner, operator, outsider):  # Endang is a mitra
        assert login(person).get(f"/k/{public_community.slug}/").status_code == 200
    flush()
    assert not ReadActivity.objects.exists()


@pytest.fixture
def pages(public_community, fasilitator):
    """The community's home, its discussion list, a post, a meeting and a library resource."""
    from komunitas.discussions.actions import do_create_post
    from komunitas.meetings.models import Meeting
    from komunitas.pustaka.models import Resource

    post = do_create_post(
        author=fasilitator, community=public_community, kind="question", title="Tanya"
    )
    meeting = Meeting.objects.create(
        community=public_community, title="Pertemuan", starts_at=timezone.now()
    )
    resource = Resource.objects.create(
        title="Modul", community=public_community, added_by=fasilitator
    )
    return [
        f"/k/{public_community.slug}/",
        f"/k/{public_community.slug}/diskusi/",
        post.get_absolute_url(),
        meeting.get_absolute_url(),
        resource.get_absolute_url(),
    ]


WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.mark.parametrize("page", range(5))
def test_each_page_of_a_communitys_content_records_a_read_without_writing(
    login, member, public_community, pages, page
):
    client = login(member)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(pages[page]).status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert not ReadActivity.objects.exists()  # remembered, not yet written
    flush()
    assert list(ReadActivity.objects.values_list("user", "community")) == [
        (member.pk, public_community.pk)
    ]


def test_after_the_flush_the_insights_count_the_reads(login, member, public_community, pages):
    client = login(member)
    for path in pages:
        client.get(path)
    scope = resolve("komunitas", public_community.slug)
    assert participation(scope)[member.pk].reading_days == 0
    flush()
    assert participation(scope)[member.pk].reading_days == 1
