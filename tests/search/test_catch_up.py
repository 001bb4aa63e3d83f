"""A change whose index update after the commit failed is still found: it was written down in
the change's transaction, and the periodic catch-up does it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from komunitas.search.jobs import catch_up
from komunitas.search.models import PendingIndex
from komunitas.search.query import Query, search
from tests.factories import make_community

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def titles(user, words):
    return [entry.title for entry in search(user, Query(words=words))]


def test_an_update_lost_after_the_commit_is_done_by_the_catch_up(
    fasilitator, member, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=False):  # the update never ran
            community = make_community(fasilitator, name="Kelompok Numerasi Gugus Mawar")
        assert titles(member, "numerasi") == []
        assert PendingIndex.objects.filter(object_id=community.pk).exists()
        assert catch_up(NOW) == 0  # within the grace, the update after the commit may still run

        clock.shift(timedelta(minutes=2))
        assert catch_up(NOW) >= 1
    assert titles(member, "numerasi") == ["Kelompok Numerasi Gugus Mawar"]
    assert not PendingIndex.objects.exists()


def test_the_update_after_the_commit_clears_what_it_did(commit, fasilitator, member):
    with commit():
        make_community(fasilitator, name="Kelompok Literasi")
    assert titles(member, "literasi") == ["Kelompok Literasi"]
    assert not PendingIndex.objects.exists()


def test_a_deletion_lost_after_the_commit_is_done_by_the_catch_up(
    commit, fasilitator, member, django_capture_on_commit_callbacks
):
    with commit():
        community = make_community(fasilitator, name="Kelompok Sains")
    with time_machine.travel(datetime.now(UTC), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=False):
            community.delete()
        clock.shift(timedelta(minutes=2))
        catch_up(datetime.now(UTC))
    assert titles(member, "sains") == []
