import datetime

import pytest
import time_machine
from django.utils import timezone

from komunitas.insights.activity import record_read
from komunitas.insights.models import ReadActivity

pytestmark = pytest.mark.django_db


def test_a_read_is_recorded_once_a_day(member, public_community):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)):
        record_read(member, public_community)
        record_read(member, public_community)
    with time_machine.travel(datetime.datetime(2026, 3, 3, 9, tzinfo=datetime.UTC)):
        record_read(member, public_community)
    days = ReadActivity.objects.filter(user=member).values_list("day", flat=True)
    assert sorted(days) == [datetime.date(2026, 3, 2), datetime.date(2026, 3, 3)]


def test_a_read_is_one_query(member, public_community, django_assert_num_queries):
    public_community.membership_of(member)  # as the permission check has loaded it
    with django_assert_num_queries(1):
        record_read(member, public_community)
    with django_assert_num_queries(1):
        record_read(member, public_community)


def test_an_anonymous_visit_records_nothing(public_community):
    from django.contrib.auth.models import AnonymousUser

    record_read(AnonymousUser(), public_community)
    assert not ReadActivity.objects.exists()


def test_an_outsider_who_cannot_see_a_private_community_records_no_read(
    login, outsider, private_community
):
    assert login(outsider).get(f"/k/{private_community.slug}/diskusi/").status_code == 404
    assert not ReadActivity.objects.exists()


def test_reading_the_discussions_records_a_read(login, member, private_community):
    client = login(member)
    assert client.get(f"/k/{private_community.slug}/diskusi/").status_code == 200
    assert client.get(f"/k/{private_community.slug}/diskusi/").status_code == 200
    assert ReadActivity.objects.filter(user=member, community=private_community).count() == 1


def test_only_members_are_readers(login, partner, operator, outsider, public_community):
    """A mitra, an operator or a visitor reading a public community is not one of its readers."""
    for person in (partner, operator, outsider):  # Endang is a mitra
        assert login(person).get(f"/k/{public_community.slug}/").status_code == 200
    assert not ReadActivity.objects.exists()


@pytest.fixture
def pages(public_community, fasilitator):
    """The community's home, its discussion list, a post, a meeting and a library resource."""
    from komunitas.discussions.services import create_post
    from komunitas.meetings.models import Meeting
    from komunitas.pustaka.models import Resource

    post = create_post(
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


@pytest.mark.parametrize("page", range(5))
def test_each_page_of_a_communitys_content_records_a_read(
    login, member, public_community, pages, page
):
    assert login(member).get(pages[page]).status_code == 200
    assert list(ReadActivity.objects.values_list("user", "community")) == [
        (member.pk, public_community.pk)
    ]
