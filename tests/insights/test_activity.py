import datetime

import pytest
import time_machine

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
