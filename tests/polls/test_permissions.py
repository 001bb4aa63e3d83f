"""The permission matrix of polls: every role × every action × public and private community,
for an open poll (results after voting, the person has not voted), the same poll once the
person voted, and a closed one. ``Y`` allowed, ``.`` refused.

Actions, in order: view, create, vote (and change the vote), results, voters (who chose what,
named poll), close, delete, make agenda.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.permissions import can
from komunitas.polls import actions
from komunitas.polls.models import Poll
from tests.factories import make_user
from tests.polls.conftest import choose, make_poll

pytestmark = pytest.mark.django_db

ACTIONS = ["view", "create", "vote", "view_results", "view_voters", "close", "delete",
           "make_agenda"]  # fmt: skip

# fmt: off
#                   open, not voted   open, voted     closed
TABLE = {
    "fasilitator":    ("YYYYYYYY", "YYYYYYYY", "YY.YY.YY"),
    "author":         ("YYYYYYY.", "YYYYYYY.", "YY.YY.Y."),  # an anggota who asked
    "anggota":        ("YYY.....", "YYYYY...", "YY.YY..."),
    "kepala_sekolah": ("Y.......", "Y.......", "Y..Y...."),  # partners (mitra) never vote
    "pengawas":       ("Y.......", "Y.......", "Y..Y...."),
    "dinas":          ("Y.......", "Y.......", "Y..Y...."),
    "operator":       ("Y.......", "Y.......", "Y..Y...."),
}
# fmt: on
OUTSIDER_PUBLIC = ("Y.......", "Y.......", "Y..Y....")
NOBODY = ("........",) * 3
STATES = ["open", "voted", "closed"]


def _partner(email, role, *communities):
    user = make_user(email, full_name=email.split("@")[0].title(), role=role)
    for community in communities:
        do_add_member(community=community, user=user, role=Membership.Role.MITRA)
        community.forget_membership_cache()
    return user


@pytest.fixture
def people(fasilitator, member, partner, outsider, operator, public_community, private_community):
    both = (public_community, private_community)
    author = make_user("dewi@contoh.test", full_name="Dewi Lestari")
    for community in both:
        do_add_member(community=community, user=author)
        community.forget_membership_cache()
    return {
        "fasilitator": fasilitator,
        "author": author,
        "anggota": member,
        "kepala_sekolah": partner,
        "pengawas": _partner("agus@contoh.test", User.Role.PENGAWAS, *both),
        "dinas": _partner("wati@contoh.test", User.Role.DINAS, *both),
        "operator": operator,
        "outsider": outsider,
        "anonymous": AnonymousUser(),
    }


def _expected(person, visibility):
    if person in TABLE:
        return TABLE[person]
    if person == "outsider" and visibility == "public":
        return OUTSIDER_PUBLIC
    return NOBODY


def _answers(user, poll):
    fresh = Poll.objects.select_related("community").get(pk=poll.pk)
    answers = ""
    for action in ACTIONS:
        target = fresh.community if action == "create" else fresh
        answers += "Y" if can(user, f"poll.{action}", target) else "."
    return answers


@pytest.mark.parametrize("visibility", ["public", "private"])
@pytest.mark.parametrize(
    "person",
    [
        "fasilitator",
        "author",
        "anggota",
        "kepala_sekolah",
        "pengawas",
        "dinas",
        "operator",
        "outsider",
        "anonymous",
    ],  # fmt: skip
)
def test_permission_matrix(people, person, visibility, public_community, private_community):
    community = public_community if visibility == "public" else private_community
    user = people[person]
    poll = make_poll(community, people["author"])
    expected = dict(zip(STATES, _expected(person, visibility), strict=True))
    assert _answers(user, poll) == expected["open"], "open, not voted"
    if person in ("fasilitator", "author", "anggota"):
        choose(poll, user, 0)
    assert _answers(user, poll) == expected["voted"], "open, voted"
    actions.do_close_poll(poll=poll, by=people["fasilitator"])
    assert _answers(user, poll) == expected["closed"], "closed"


@pytest.mark.parametrize("visibility", ["public", "private"])
def test_results_after_closing_stay_hidden_from_everyone_while_open(
    people, visibility, public_community, private_community
):
    community = public_community if visibility == "public" else private_community
    poll = make_poll(community, people["author"], results=Poll.Results.AFTER_CLOSE)
    for person in ("fasilitator", "author", "anggota"):
        choose(poll, people[person], 1)
    for person, user in people.items():
        assert not can(user, "poll.view_results", poll), person
        assert not can(user, "poll.view_voters", poll), person
    actions.do_close_poll(poll=poll, by=people["fasilitator"])
    poll.refresh_from_db()
    seen = {person for person, user in people.items() if can(user, "poll.view_results", poll)}
    insiders = {"fasilitator", "author", "anggota", "kepala_sekolah", "pengawas", "dinas",
                "operator"}  # fmt: skip
    assert seen == insiders | ({"outsider"} if visibility == "public" else set())


@pytest.mark.parametrize("visibility", ["public", "private"])
def test_an_anonymous_poll_names_nobody_to_anyone(
    people, visibility, public_community, private_community
):
    community = public_community if visibility == "public" else private_community
    poll = make_poll(community, people["author"], anonymous=True)
    choose(poll, people["anggota"], 0)
    actions.do_close_poll(poll=poll, by=people["fasilitator"])
    poll.refresh_from_db()
    for person, user in people.items():
        assert not can(user, "poll.view_voters", poll), person


def test_a_poll_past_its_closing_date_takes_no_vote(people, public_community):
    poll = make_poll(public_community, people["author"])
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    poll.refresh_from_db()
    assert not can(people["anggota"], "poll.vote", poll)
    assert can(people["kepala_sekolah"], "poll.view_results", poll)


def test_a_deleted_poll_is_seen_by_nobody(people, public_community):
    poll = make_poll(public_community, people["author"])
    actions.do_delete_poll(poll=poll, by=people["fasilitator"])
    for person, user in people.items():
        assert not can(user, "poll.view", poll), person
    assert not Poll.objects.visible_to(people["fasilitator"]).filter(pk=poll.pk).exists()


@pytest.mark.parametrize("person", ["fasilitator", "anggota", "kepala_sekolah", "outsider",
                                    "operator", "anonymous"])  # fmt: skip
def test_visible_to_agrees_with_the_rule(people, person, public_community, private_community):
    polls = [make_poll(c, people["author"]) for c in (public_community, private_community)]
    user = people[person]
    listed = set(Poll.objects.visible_to(user).values_list("pk", flat=True)) if (
        user.is_authenticated) else set()  # fmt: skip
    assert listed == {poll.pk for poll in polls if can(user, "poll.view", poll)}
