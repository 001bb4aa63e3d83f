"""What happens around a poll: who hears of it, the closing job, the search, the members' data
rights, and the number of queries of its pages."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from komunitas.core.privacy import parts
from komunitas.notifications.models import Notification, Preference
from komunitas.polls import actions
from komunitas.polls.models import Poll, Vote, Voter
from tests.factories import make_user
from tests.polls.conftest import choose, make_poll

pytestmark = pytest.mark.django_db


# --- notifications


def test_a_new_poll_reaches_the_members_who_vote_not_the_partner(
    public_community, fasilitator, member, partner, commit, run_worker
):
    with commit():
        make_poll(public_community, fasilitator)
    run_worker()
    notified = Notification.objects.filter(event__kind="polls.created")
    assert set(notified.values_list("recipient__email", flat=True)) == {member.email}
    assert set(notified.values_list("delivery", flat=True)) == {"daily"}


def test_a_member_who_turned_new_polls_off_hears_nothing(
    public_community, fasilitator, member, commit, run_worker
):
    Preference.objects.create(user=member, kind="polls.created", delivery="never")
    with commit():
        make_poll(public_community, fasilitator)
    run_worker()
    assert not Notification.objects.filter(recipient=member, event__kind="polls.created").exists()


def test_a_poll_closing_soon_is_announced_at_once(
    public_community, fasilitator, member, commit, run_worker
):
    with commit():
        make_poll(public_community, fasilitator, closes_at=timezone.now() + datetime.timedelta(1))
    run_worker()
    assert Notification.objects.get(event__kind="polls.created").delivery == "immediately"


def test_closing_tells_every_member_the_result_once(
    public_community, fasilitator, member, partner, commit, run_worker
):
    poll = make_poll(public_community, fasilitator)
    choose(poll, member, 1)
    with commit():
        assert actions.do_close_poll(poll=poll, by=fasilitator)
        assert not actions.do_close_poll(poll=poll, by=fasilitator)
    run_worker()
    notified = Notification.objects.filter(event__kind="polls.closed")
    assert set(notified.values_list("recipient__email", flat=True)) == {member.email, partner.email}
    event = notified.first().event
    assert event.data["result"] == "Stasiun belajar (1 pemilih)"


def test_the_job_closes_polls_whose_date_passed_once(public_community, fasilitator, commit):
    due = make_poll(public_community, fasilitator)
    later = make_poll(public_community, fasilitator, question="Nanti?")
    past = timezone.now() - datetime.timedelta(minutes=1)
    Poll.objects.filter(pk=due.pk).update(closes_at=past)
    with commit():
        assert actions.do_close_due_polls() == 1
        assert actions.do_close_due_polls() == 0
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.closed_at == past and due.closing_announced_at and later.closed_at is None


# --- search


def test_polls_are_found_by_members_never_by_outsiders_of_a_private_community(
    login, private_community, fasilitator, member, outsider, commit
):
    with commit():
        poll = make_poll(private_community, fasilitator, question="Jadwal supervisi akademik?")
    url = poll.get_absolute_url()
    assert url in login(member).get("/cari/", {"q": "supervisi"}).content.decode()
    assert url not in login(outsider).get("/cari/", {"q": "supervisi"}).content.decode()


def test_a_deleted_poll_leaves_the_search(login, public_community, fasilitator, member, commit):
    with commit():
        poll = make_poll(public_community, fasilitator, question="Jadwal supervisi akademik?")
    with commit():
        actions.do_delete_poll(poll=poll, by=fasilitator)
        Poll.objects.get(pk=poll.pk).save()  # the index hears of the change
    assert (
        poll.get_absolute_url()
        not in login(member).get("/cari/", {"q": "supervisi"}).content.decode()
    )


def test_a_closed_poll_is_indexed_as_closed(public_community, fasilitator, commit):
    from komunitas.search.models import SearchEntry

    with commit():
        poll = make_poll(public_community, fasilitator)
    entry = SearchEntry.objects.get(source="polls.poll", object_id=poll.pk)
    assert entry.kind == "open" and "Stasiun belajar" in entry.body
    with commit():
        actions.do_close_poll(poll=poll, by=fasilitator)
    assert SearchEntry.objects.get(source="polls.poll", object_id=poll.pk).kind == "closed"


# --- data rights


def _part():
    return next(part.part for part in parts() if part.app == "polls")


def test_the_export_has_named_choices_but_never_an_anonymous_one(
    public_community, fasilitator, member
):
    named = make_poll(public_community, fasilitator, question="Bernama?")
    secret = make_poll(public_community, fasilitator, question="Rahasia?", anonymous=True)
    choose(named, member, 0)
    choose(secret, member, 2)
    data = json.loads(json.dumps(_part().export(member), default=str))
    assert {row["poll__question"] for row in data["voted_in"]} == {"Bernama?", "Rahasia?"}
    assert [row["option__text"] for row in data["named_votes"]] == ["Asesmen diagnostik"]
    assert "Rubrik produk" not in json.dumps(data)
    assert [row["question"] for row in _part().export(fasilitator)["polls"]] == [
        "Bernama?",
        "Rahasia?",
    ]


def test_erasing_with_the_contributions_removes_the_votes_and_polls(
    public_community, fasilitator, member
):
    poll = make_poll(public_community, fasilitator)
    own = make_poll(public_community, member, question="Milik Siti?", anonymous=True)
    choose(poll, member, 0)
    choose(own, member, 1)
    choose(poll, fasilitator, 1)
    _part().erase(member, remove_public=False)
    assert Voter.objects.filter(user=member).count() == 2
    _part().erase(member, remove_public=True)
    assert not Voter.objects.filter(user=member).exists()
    assert Vote.objects.count() == 1  # Ratna's
    own.refresh_from_db()
    assert own.deleted_at is not None


# --- queries


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_poll_list_costs_the_same_for_three_or_thirteen_polls(
    login, public_community, fasilitator, member
):
    client = login(member)
    url = reverse("polls:list", args=[public_community.slug])
    for i in range(3):
        choose(make_poll(public_community, fasilitator, question=f"P{i}?"), member, 0)
    few = _queries(client, url)
    for i in range(10):
        make_poll(public_community, fasilitator, question=f"Q{i}?", anonymous=i % 2 == 0)
    assert _queries(client, url) == few


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_poll_page_costs_the_same_for_two_or_twelve_voters(
    login, public_community, fasilitator, member, anonymous
):
    from komunitas.communities.actions import do_add_member

    poll = make_poll(public_community, fasilitator, anonymous=anonymous, multiple=True)
    choose(poll, member, 0, 1)
    choose(poll, fasilitator, 2)
    client = login(fasilitator)
    few = _queries(client, poll.get_absolute_url())
    for i in range(10):
        voter = make_user(f"guru{i}@contoh.test", full_name=f"Guru {i}")
        do_add_member(community=public_community, user=voter)
        public_community.forget_membership_cache()
        choose(poll, voter, i % 3)
    assert _queries(client, poll.get_absolute_url()) == few
    assert few <= 20
