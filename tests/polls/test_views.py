"""The poll pages as members use them, without JavaScript: create, vote, change, results,
close, delete, agenda; bad and tampered input answered with a message, never a 500."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from komunitas.meetings.models import Meeting
from komunitas.polls import actions
from komunitas.polls.models import Option, Poll, Vote, Voter
from tests.budget import ok
from tests.meetings.conftest import make_meeting
from tests.polls.conftest import choose, make_poll

pytestmark = pytest.mark.django_db


def _create_url(community):
    return reverse("polls:create", args=[community.slug])


def _form(**fields):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    values = {
        "question": "Kapan kita bertemu?",
        "options": "Selasa sore\nKamis sore\n\nSabtu pagi",
        "results": "after_vote",
        "closes_date": tomorrow.isoformat(),
        "closes_time": "15:00",
    }
    return {**values, **fields}


# --- creating


def test_a_member_opens_a_poll_with_its_options_in_order(login, member, public_community):
    response = login(member).post(_create_url(public_community), _form(multiple="on"))
    poll = Poll.objects.get()
    assert response.status_code == 302 and response["Location"] == poll.get_absolute_url()
    assert [o.text for o in poll.options.all()] == ["Selasa sore", "Kamis sore", "Sabtu pagi"]
    assert poll.multiple and not poll.anonymous and poll.author == member


def test_the_closing_time_is_read_in_the_members_own_zone(login, member, public_community):
    member.time_zone = "Asia/Makassar"  # WITA
    member.save(update_fields=["time_zone"])
    day = timezone.localdate() + datetime.timedelta(days=3)
    login(member).post(_create_url(public_community), _form(closes_date=day.isoformat()))
    closes = Poll.objects.get().closes_at
    wita = zoneinfo.ZoneInfo("Asia/Makassar")
    assert closes == datetime.datetime.combine(day, datetime.time(15, 0), tzinfo=wita)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"options": "Hanya satu"}, "setidaknya dua pilihan"),
        ({"options": "Sama\nsama\nLain"}, "dua kali"),
        ({"options": "\n".join(f"Pilihan {i}" for i in range(11))}, "paling banyak 10"),
        ({"closes_date": "2020-01-01"}, "sudah lewat"),
        ({"closes_date": "", "closes_time": "10:00"}, "tanggal penutupannya"),
        ({"closes_date": "bukan tanggal"}, 'class="errorlist'),
        ({"question": ""}, 'class="errorlist'),
        ({"results": "semua orang"}, 'class="errorlist'),
    ],
)
def test_bad_input_comes_back_with_a_message(login, member, public_community, fields, message):
    response = login(member).post(_create_url(public_community), _form(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Kapan kita bertemu?" in response.content.decode() or fields.get("question") == ""
    assert not Poll.objects.exists()


def test_partners_and_outsiders_cannot_open_a_poll(
    login, partner, outsider, public_community, private_community
):
    assert login(partner).post(_create_url(public_community), _form()).status_code == 403
    assert login(outsider).post(_create_url(public_community), _form()).status_code == 403
    assert login(outsider).get(_create_url(private_community)).status_code == 404
    assert not Poll.objects.exists()


# --- voting


def _vote(client, poll, *values):
    return client.post(reverse("polls:vote", args=[poll.pk]), {"choice": list(values)})


def test_a_member_votes_and_changes_her_vote(login, member, poll):
    first, second, _third = poll.options.all()
    client = login(member)
    assert _vote(client, poll, first.pk).status_code == 302
    assert poll.choices_of(member) == {first.pk}
    assert _vote(client, poll, second.pk).status_code == 302
    assert poll.choices_of(member) == {second.pk}
    assert Voter.objects.filter(poll=poll).count() == 1
    assert Vote.objects.filter(poll=poll).count() == 1
    page = ok(client.get(poll.get_absolute_url())).content.decode()
    assert "Ubah pilihan saya" in page


def test_taking_the_vote_back(login, member, poll):
    choose(poll, member, 0)
    login(member).post(reverse("polls:withdraw", args=[poll.pk]))
    assert not Voter.objects.exists() and not Vote.objects.exists()


@pytest.mark.parametrize(
    "tamper", ["other_poll", "two_in_single", "not_a_number", "nothing", "unknown"]
)
def test_a_tampered_vote_is_refused_with_a_message(
    login, member, fasilitator, poll, public_community, tamper
):
    other = make_poll(public_community, fasilitator, question="Lain?")
    first, second, _ = poll.options.all()
    values = {
        "other_poll": [other.options.first().pk],
        "two_in_single": [first.pk, second.pk],
        "not_a_number": ["satu"],
        "nothing": [],
        "unknown": [999999],
    }[tamper]
    response = _vote(login(member), poll, *values)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Vote.objects.exists() and not Voter.objects.exists()


def test_a_vote_on_a_closed_poll_is_refused(login, member, fasilitator, poll):
    actions.do_close_poll(poll=poll, by=fasilitator)
    response = _vote(login(member), poll, poll.options.first().pk)
    assert response.status_code == 400
    assert "sudah ditutup" in response.content.decode()
    assert not Vote.objects.exists()


def test_a_vote_past_the_closing_date_is_refused(login, member, poll):
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(1))
    assert _vote(login(member), poll, poll.options.first().pk).status_code == 400
    assert not Vote.objects.exists()


def test_the_action_itself_refuses_an_option_of_another_poll(member, fasilitator, poll):
    other = make_poll(poll.community, fasilitator, question="Lain?")
    with pytest.raises(actions.VoteRefused):
        actions.do_vote(poll=poll, user=member, option_ids=[other.options.first().pk])


def test_partners_cannot_vote_and_outsiders_of_a_private_poll_see_nothing(
    login, partner, outsider, fasilitator, poll, private_community
):
    assert _vote(login(partner), poll, poll.options.first().pk).status_code == 403
    secret = make_poll(private_community, fasilitator)
    client = login(outsider)
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert _vote(client, secret, secret.options.first().pk).status_code == 404
    assert client.get(reverse("polls:list", args=[private_community.slug])).status_code == 404
    assert not Vote.objects.exists()


# --- results and voters


def test_results_show_once_the_member_voted_as_bars_and_a_table(login, member, poll):
    client = login(member)
    before = ok(client.get(poll.get_absolute_url())).content.decode()
    assert "<table>" not in before and "<meter" not in before
    choose(poll, member, 1)
    after = ok(client.get(poll.get_absolute_url())).content.decode()
    assert "<table>" in after and '<meter class="kp-meter" min="0" max="1" value="1">' in after
    assert "Siti Rahayu" in after  # a named poll: members see who chose what


def test_a_named_poll_shows_voters_to_members_not_to_partners(
    login, member, partner, fasilitator, poll
):
    choose(poll, member, 0)
    actions.do_close_poll(poll=poll, by=fasilitator)
    assert "Siti Rahayu" in login(fasilitator).get(poll.get_absolute_url()).content.decode()
    page = ok(login(partner).get(poll.get_absolute_url())).content.decode()
    assert "<table>" in page and "Siti Rahayu" not in page


def test_an_anonymous_poll_never_names_a_voter(login, member, fasilitator, public_community):
    poll = make_poll(public_community, fasilitator, anonymous=True)
    choose(poll, member, 2)
    assert Vote.objects.get().voter is None  # the vote does not name her
    assert Vote.objects.get().ballot != str(member.pk)
    actions.do_close_poll(poll=poll, by=fasilitator)
    page = ok(login(fasilitator).get(poll.get_absolute_url())).content.decode()
    assert "Siti" not in page and "<table>" in page
    assert poll.choices_of(member) == {poll.options.get(position=2).pk}  # her own, for her


def test_results_after_closing_are_hidden_until_it_closes(
    login, member, fasilitator, public_community
):
    poll = make_poll(public_community, fasilitator, results=Poll.Results.AFTER_CLOSE)
    choose(poll, member, 0)
    assert "<table>" not in ok(login(fasilitator).get(poll.get_absolute_url())).content.decode()
    actions.do_close_poll(poll=poll, by=fasilitator)
    assert "<table>" in ok(login(member).get(poll.get_absolute_url())).content.decode()


# --- closing, deleting


def test_the_author_closes_early_another_member_may_not(
    login, member, fasilitator, partner, public_community
):
    poll = make_poll(public_community, member)
    url = reverse("polls:close", args=[poll.pk])
    assert login(partner).post(url).status_code == 403
    assert login(member).post(url).status_code == 302
    poll.refresh_from_db()
    assert poll.closed_at and poll.closed_by == member
    assert login(member).post(url).status_code == 302  # twice: already closed, no error


def test_a_fasilitator_deletes_a_poll_softly(login, member, fasilitator, poll):
    client = login(fasilitator)
    ok(client.get(reverse("polls:delete", args=[poll.pk])))
    client.post(reverse("polls:delete", args=[poll.pk]))
    poll.refresh_from_db()
    assert poll.deleted_at and poll.deleted_by == fasilitator
    assert login(member).get(poll.get_absolute_url()).status_code == 404
    listing = login(member).get(reverse("polls:list", args=[poll.community.slug]))
    assert poll.question not in listing.content.decode()


def test_a_member_cannot_delete_someone_elses_poll(login, member, poll):
    assert login(member).post(reverse("polls:delete", args=[poll.pk])).status_code == 403
    poll.refresh_from_db()
    assert poll.deleted_at is None


# --- agenda


def test_the_winning_options_become_a_meetings_agenda(
    login, member, fasilitator, poll, public_community
):
    meeting = make_meeting(public_community, facilitator=fasilitator, agenda="1. Pembukaan")
    choose(poll, member, 1)
    response = login(fasilitator).post(
        reverse("polls:agenda", args=[poll.pk]), {"meeting": meeting.pk}
    )
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert meeting.agenda.startswith("1. Pembukaan")
    assert "- Stasiun belajar" in meeting.agenda and "Asesmen" not in meeting.agenda
    assert meeting.sequence == 1  # calendars see the change
    poll.refresh_from_db()
    assert poll.agenda_meeting == meeting


def test_no_agenda_without_votes_or_from_another_community(
    login, member, fasilitator, poll, public_community, private_community
):
    mine = make_meeting(public_community, facilitator=fasilitator)
    other = make_meeting(private_community, facilitator=fasilitator, agenda="")
    client = login(fasilitator)
    url = reverse("polls:agenda", args=[poll.pk])
    assert client.post(url, {"meeting": mine.pk}).status_code == 400  # no votes yet
    choose(poll, member, 0)
    assert client.post(url, {"meeting": other.pk}).status_code == 400
    assert client.post(url, {"meeting": "x"}).status_code == 400
    assert Meeting.objects.get(pk=other.pk).agenda == ""
    assert login(member).post(url, {"meeting": mine.pk}).status_code == 403


# --- pages


def test_the_community_page_links_to_its_polls(login, member, public_community):
    page = ok(login(member).get(public_community.get_absolute_url())).content.decode()
    assert reverse("polls:list", args=[public_community.slug]) in page


def test_open_and_closed_polls_are_listed_apart(login, member, fasilitator, public_community):
    open_poll = make_poll(public_community, fasilitator, question="Masih dibuka?")
    closed = make_poll(public_community, fasilitator, question="Sudah ditutup?")
    actions.do_close_poll(poll=closed, by=fasilitator)
    url = reverse("polls:list", args=[public_community.slug])
    client = login(member)
    page = ok(client.get(url)).content.decode()
    assert open_poll.question in page and closed.question not in page
    page = ok(client.get(url, {"selesai": "1"})).content.decode()
    assert closed.question in page and open_poll.question not in page


def test_options_are_the_polls_own(poll):
    assert Option.objects.filter(poll=poll).count() == 3
